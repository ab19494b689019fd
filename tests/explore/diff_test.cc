// coderules diff: what changed from one pack to another (DiffPacks, FormatDiff).
#include "coderules/diff.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace coderules::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// The packs of the golden diff tests: tests/golden/diff_{old,new}.textproto, whose old rows each
// say what the new pack does with them, and the ICD-10 validity files beside them.
std::shared_ptr<const RulePack> FixturePack(const std::string& which) {
  const std::string base = SourcePath(absl::StrCat("tests/golden/diff_", which));
  return PackOfFiles({{SourceKind::kRules, base + ".textproto"},
                      {SourceKind::kIcd10Validity, base + "_icd10cm.tsv"},
                      {SourceKind::kIcd10Validity, base + "_icd10pcs.tsv"}},
                     which);
}

v1::PackDiff Diff(const RulePack& old_pack, const RulePack& new_pack,
                  const std::string& date = "") {
  absl::StatusOr<v1::PackDiff> diff = DiffPacks(old_pack, new_pack, date);
  EXPECT_TRUE(diff.ok()) << diff.status();
  return diff.ok() ? *diff : v1::PackDiff();
}

std::string KindName(v1::PackDiff::Kind kind) { return v1::PackDiff::Kind_Name(kind); }

// Each list as "key kind", in order.
std::vector<std::string> PtpList(const v1::PackDiff& d) {
  std::vector<std::string> out;
  for (const v1::PtpChange& c : d.ptp()) {
    out.push_back(
        absl::StrCat(c.table(), " ", c.column1(), "/", c.column2(), " ", KindName(c.kind())));
  }
  return out;
}
std::vector<std::string> MueList(const v1::PackDiff& d) {
  std::vector<std::string> out;
  for (const v1::MueChange& c : d.mue()) {
    out.push_back(absl::StrCat(c.table(), " ", c.code(), " ", KindName(c.kind())));
  }
  return out;
}
std::vector<std::string> AddOnList(const v1::PackDiff& d) {
  std::vector<std::string> out;
  for (const v1::AddOnChange& c : d.add_on()) {
    out.push_back(absl::StrCat(c.add_on(), "+", c.primary(), " ", KindName(c.kind())));
  }
  return out;
}
std::vector<std::string> CodeList(const v1::PackDiff& d) {
  std::vector<std::string> out;
  for (const v1::CodeChange& c : d.codes()) {
    out.push_back(
        absl::StrCat(v1::CodeSystem_Name(c.system()), " ", c.code(), " ", KindName(c.kind())));
  }
  return out;
}

v1::PtpChange Ptp(const v1::PackDiff& d, const std::string& table, const std::string& column1,
                  const std::string& column2) {
  for (const v1::PtpChange& c : d.ptp()) {
    if (c.table() == table && c.column1() == column1 && c.column2() == column2) return c;
  }
  ADD_FAILURE() << "no change for " << table << " " << column1 << "/" << column2;
  return {};
}

v1::MueChange Mue(const v1::PackDiff& d, const std::string& table, const std::string& code) {
  for (const v1::MueChange& c : d.mue()) {
    if (c.table() == table && c.code() == code) return c;
  }
  ADD_FAILURE() << "no change for " << table << " " << code;
  return {};
}

v1::CodeChange Code(const v1::PackDiff& d, const std::string& code) {
  for (const v1::CodeChange& c : d.codes()) {
    if (c.code() == code) return c;
  }
  ADD_FAILURE() << "no change for " << code;
  return {};
}

class DiffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_ = FixturePack("old");
    new_ = FixturePack("new");
    ASSERT_NE(old_, nullptr);
    ASSERT_NE(new_, nullptr);
    diff_ = Diff(*old_, *new_);
  }

  std::shared_ptr<const RulePack> old_, new_;
  v1::PackDiff diff_;
};

TEST_F(DiffTest, IdenticalPacksGiveAnEmptyDiff) {
  // The same pack, and the same sources compiled again.
  const std::shared_ptr<const RulePack> again = FixturePack("old");
  for (const RulePack* other : {old_.get(), again.get()}) {
    for (const std::string date : {"", "2018-06-01", "2025-06-01"}) {
      const v1::PackDiff d = Diff(*old_, *other, date);
      EXPECT_THAT(d.ptp(), IsEmpty()) << date;
      EXPECT_THAT(d.mue(), IsEmpty()) << date;
      EXPECT_THAT(d.add_on(), IsEmpty()) << date;
      EXPECT_THAT(d.codes(), IsEmpty()) << date;
    }
  }
  const std::string text = FormatDiff(Diff(*old_, *again), 0);
  EXPECT_THAT(text, HasSubstr("  NCCI PTP practitioner: no changes\n"));
  EXPECT_THAT(text, HasSubstr("  ICD-10-CM billable codes: no changes\n"));
  EXPECT_THAT(text, Not(HasSubstr("Added")));
}

TEST_F(DiffTest, PtpChangesByTableThenColumnOneThenColumnTwo) {
  EXPECT_THAT(
      PtpList(diff_),
      ElementsAre("practitioner 20610/20604 REMOVED", "practitioner 22319/38220 CHANGED",
                  "practitioner 64633/64484 CHANGED", "practitioner 92133/92250 CHANGED",
                  "practitioner 92134/92250 DELETED", "practitioner 92250/92201 ADDED",
                  "practitioner 93653/93623 DELETED", "practitioner 93656/93623 REVISED",
                  "practitioner 97140/97530 REVISED", "outpatient_hospital 92134/92250 ADDED"));
  EXPECT_EQ(diff_.old_version(), "old");
  EXPECT_EQ(diff_.new_version(), "new");
  EXPECT_EQ(diff_.date(), "");
}

TEST_F(DiffTest, IndicatorFlipOverTwoWindowsComparesTheNewestRows) {
  // New: 1 until 2018-01-01, then 0 (RULES-RESEARCH.md §2.9).
  const v1::PtpChange c = Ptp(diff_, "practitioner", "22319", "38220");
  EXPECT_EQ(c.before().modifier_indicator(), 1);
  EXPECT_EQ(c.before().window().effective(), "2014-01-01");
  EXPECT_EQ(c.before().window().end(), "");
  EXPECT_EQ(c.after().modifier_indicator(), 0);
  EXPECT_EQ(c.after().window().effective(), "2018-01-01");
  EXPECT_EQ(c.after().window().end(), "");
}

TEST_F(DiffTest, IndicatorChangedInPlace) {
  const v1::PtpChange c = Ptp(diff_, "practitioner", "64633", "64484");
  EXPECT_EQ(c.kind(), v1::PackDiff::CHANGED);
  EXPECT_EQ(c.before().modifier_indicator(), 0);
  EXPECT_EQ(c.after().modifier_indicator(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals(c.before().window(), c.after().window()));
}

TEST_F(DiffTest, DeletionsGiveTheDeletionDate) {
  const v1::PtpChange deleted = Ptp(diff_, "practitioner", "92134", "92250");
  EXPECT_EQ(deleted.before().window().end(), "");
  EXPECT_EQ(deleted.after().window().end(), "2025-04-01");
  EXPECT_EQ(deleted.after().modifier_indicator(), 1);
  // Deleted retroactively: indicator 9, deleted on its effective date.
  const v1::PtpChange retroactive = Ptp(diff_, "practitioner", "93653", "93623");
  EXPECT_EQ(retroactive.kind(), v1::PackDiff::DELETED);
  EXPECT_EQ(retroactive.before().modifier_indicator(), 1);
  EXPECT_EQ(retroactive.after().modifier_indicator(), 9);
  EXPECT_EQ(retroactive.after().window().effective(), "2013-01-01");
  EXPECT_EQ(retroactive.after().window().end(), "2013-01-01");
  // Gone from the new pack.
  const v1::PtpChange removed = Ptp(diff_, "practitioner", "20610", "20604");
  EXPECT_TRUE(removed.has_before());
  EXPECT_FALSE(removed.has_after());
}

TEST_F(DiffTest, RationaleChange) {
  const v1::PtpChange c = Ptp(diff_, "practitioner", "92133", "92250");
  EXPECT_EQ(c.kind(), v1::PackDiff::CHANGED);
  EXPECT_EQ(c.before().modifier_indicator(), c.after().modifier_indicator());
  EXPECT_EQ(c.before().rationale(), "Mutually exclusive procedures");
  EXPECT_EQ(c.after().rationale(), "Standards of medical / surgical practice");
}

TEST_F(DiffTest, RevisionsOutOfForceOrInEarlierWindows) {
  // New, but deleted retroactively: in force in neither pack.
  const v1::PtpChange arrived_deleted = Ptp(diff_, "practitioner", "93656", "93623");
  EXPECT_FALSE(arrived_deleted.has_before());
  EXPECT_EQ(arrived_deleted.after().modifier_indicator(), 9);
  // Only the earlier window changed: the compared (newest) rows are equal.
  const v1::PtpChange earlier = Ptp(diff_, "practitioner", "97140", "97530");
  EXPECT_TRUE(MessageDifferencer::Equals(earlier.before(), earlier.after()));
}

TEST_F(DiffTest, OnADateComparesTheRowsInEffect) {
  const v1::PackDiff d2017 = Diff(*old_, *new_, "2017-06-01");
  EXPECT_EQ(d2017.date(), "2017-06-01");
  EXPECT_THAT(PtpList(d2017),
              ElementsAre("practitioner 20610/20604 REMOVED", "practitioner 22319/38220 REVISED",
                          "practitioner 64633/64484 CHANGED", "practitioner 92133/92250 CHANGED",
                          "practitioner 92134/92250 REVISED", "practitioner 93653/93623 DELETED",
                          "practitioner 97140/97530 REVISED"));
  // In force in both on the day; the new row ends on 2018-01-01.
  const v1::PtpChange c = Ptp(d2017, "practitioner", "22319", "38220");
  EXPECT_EQ(c.after().modifier_indicator(), 1);
  EXPECT_EQ(c.after().window().end(), "2018-01-01");
  // The rows in effect on the day differ in their effective dates.
  EXPECT_EQ(Ptp(d2017, "practitioner", "97140", "97530").before().window().effective(),
            "2010-01-01");
  EXPECT_EQ(Ptp(d2017, "practitioner", "97140", "97530").after().window().effective(),
            "2011-01-01");

  const v1::PackDiff d2018 = Diff(*old_, *new_, "2018-06-01");
  const v1::PtpChange flip = Ptp(d2018, "practitioner", "22319", "38220");
  EXPECT_EQ(flip.kind(), v1::PackDiff::CHANGED);
  EXPECT_EQ(flip.before().modifier_indicator(), 1);
  EXPECT_EQ(flip.after().modifier_indicator(), 0);
}

TEST_F(DiffTest, MueValuesMaisAndRationales) {
  EXPECT_THAT(MueList(diff_),
              ElementsAre("practitioner 82374 CHANGED", "practitioner 88341 ADDED",
                          "practitioner 88350 REMOVED", "practitioner 96372 DELETED",
                          "practitioner G0422 CHANGED", "practitioner J1100 CHANGED",
                          "outpatient_hospital Q9980 ADDED"));
  const v1::MueChange value = Mue(diff_, "practitioner", "82374");
  EXPECT_EQ(value.before().value(), 2);
  EXPECT_EQ(value.after().value(), 3);
  EXPECT_EQ(value.before().mai(), value.after().mai());
  const v1::MueChange mai = Mue(diff_, "practitioner", "G0422");
  EXPECT_EQ(mai.before().mai(), 2);
  EXPECT_EQ(mai.after().mai(), 3);
  EXPECT_EQ(mai.before().value(), mai.after().value());
  const v1::MueChange rationale = Mue(diff_, "practitioner", "J1100");
  EXPECT_EQ(rationale.before().rationale(), "Prescribing Information");
  EXPECT_EQ(rationale.after().rationale(), "Clinical: Data");
  // Value 0 (never payable) is a value.
  const v1::MueChange added = Mue(diff_, "practitioner", "88341");
  EXPECT_TRUE(added.after().has_value());
  EXPECT_EQ(added.after().value(), 0);
  EXPECT_EQ(Mue(diff_, "practitioner", "96372").after().window().end(), "2025-04-01");
}

TEST(DiffWindows, OverlappingRowsOnADateAreTheOnesTheEngineApplies) {
  const std::shared_ptr<const RulePack> before = PackFromRules(R"pb(
    ptp_practitioner {
      column1: "92133"
      column2: "92134"
      effective_date: "2014-01-01"
      modifier_indicator: "1"
    }
    mue_practitioner { code: "88888" value: 3 mai: 1 }
  )pb");
  // An overlapping PTP row with indicator 0; an MUE value that falls to 1 in 2023.
  const std::shared_ptr<const RulePack> after = PackFromRules(R"pb(
    ptp_practitioner {
      column1: "92133"
      column2: "92134"
      effective_date: "2014-01-01"
      modifier_indicator: "1"
    }
    ptp_practitioner {
      column1: "92133"
      column2: "92134"
      effective_date: "2020-01-01"
      modifier_indicator: "0"
    }
    mue_practitioner { code: "88888" value: 3 mai: 1 end_date: "2023-01-01" }
    mue_practitioner { code: "88888" value: 1 mai: 1 effective_date: "2022-01-01" }
  )pb");
  ASSERT_NE(before, nullptr);
  ASSERT_NE(after, nullptr);
  // 2019: the same edit; 2021: the stricter indicator applies.
  EXPECT_THAT(Diff(*before, *after, "2019-06-01").ptp(), IsEmpty());
  const v1::PackDiff d2021 = Diff(*before, *after, "2021-06-01");
  ASSERT_EQ(d2021.ptp_size(), 1);
  EXPECT_EQ(d2021.ptp(0).kind(), v1::PackDiff::CHANGED);
  EXPECT_EQ(d2021.ptp(0).after().modifier_indicator(), 0);
  // MUE 2021: 3, now with an end; 2022: 1, the smaller of two; 2023 and newest: 1.
  ASSERT_EQ(d2021.mue_size(), 1);
  EXPECT_EQ(d2021.mue(0).kind(), v1::PackDiff::REVISED);
  EXPECT_EQ(d2021.mue(0).after().window().end(), "2023-01-01");
  for (const std::string date : {"2022-06-01", "2023-06-01", ""}) {
    const v1::PackDiff m = Diff(*before, *after, date);
    ASSERT_EQ(m.mue_size(), 1) << date;
    EXPECT_EQ(m.mue(0).kind(), v1::PackDiff::CHANGED) << date;
    EXPECT_EQ(m.mue(0).after().value(), 1) << date;
  }
}

TEST_F(DiffTest, AddOnPairs) {
  EXPECT_THAT(AddOnList(diff_), ElementsAre("20930+ DELETED", "22614+22612 REMOVED",
                                            "64480+64479 ADDED", "64484+64483 CHANGED"));
  const v1::AddOnChange deleted = diff_.add_on(0);
  EXPECT_EQ(deleted.before().window().end(), "");
  EXPECT_EQ(deleted.after().window().end(), "2025-04-01");
  const v1::AddOnChange type = diff_.add_on(3);
  EXPECT_EQ(type.before().type(), 1);
  EXPECT_EQ(type.after().type(), 3);
}

TEST_F(DiffTest, CodesAddedAndDeletedByTheirValidity) {
  // The FY2025 ICD-10 update (MCE 43): C81.0A and 00503Z4 new, C83.39 and X27H385 deleted.
  EXPECT_THAT(CodeList(diff_),
              ElementsAre("ICD10CM C81.0A ADDED", "ICD10CM C83.39 DELETED",
                          "ICD10PCS 00503Z4 ADDED", "ICD10PCS X27H385 DELETED",
                          "MODIFIER GA DELETED", "MODIFIER QJ REMOVED", "MODIFIER XP ADDED"));
  const v1::CodeChange added = Code(diff_, "C81.0A");
  EXPECT_FALSE(added.has_before());
  EXPECT_EQ(added.after().effective(), "2024-10-01");
  const v1::CodeChange deleted = Code(diff_, "C83.39");
  EXPECT_EQ(deleted.before().end(), "");
  EXPECT_EQ(deleted.after().end(), "2024-10-01");
}

TEST(DiffCodes, AWindowEndingWhereThePackListEndsIsInForce) {
  // A snapshot's windows end where the period it lists ends; that is no deletion. The first
  // file lists FY2024 (its newest window starts 2023-10-01), so C83.39 ending 2024-10-01 is in
  // force there; the second lists FY2025, where it is deleted.
  const std::string header = "code\teffective_from\teffective_to_exclusive\n";
  const std::shared_ptr<const RulePack> fy2024 =
      PackOf({{SourceKind::kIcd10Validity, "test",
               header + "A4154\t2023-10-01\t2024-10-01\nC8339\t2015-10-01\t2024-10-01\n"}},
             "fy2024");
  const std::shared_ptr<const RulePack> fy2024_open = PackOf(
      {{SourceKind::kIcd10Validity, "test", header + "A4154\t2023-10-01\t\nC8339\t2015-10-01\t\n"}},
      "fy2024");
  const std::shared_ptr<const RulePack> fy2025 = PackOf(
      {{SourceKind::kIcd10Validity, "test",
        header + "A4154\t2023-10-01\t\nC810A\t2024-10-01\t\nC8339\t2015-10-01\t2024-10-01\n"}},
      "fy2025");
  ASSERT_NE(fy2024, nullptr);
  ASSERT_NE(fy2024_open, nullptr);
  ASSERT_NE(fy2025, nullptr);
  EXPECT_THAT(Diff(*fy2024_open, *fy2024).codes(), IsEmpty());
  EXPECT_THAT(CodeList(Diff(*fy2024, *fy2025)),
              ElementsAre("ICD10CM C81.0A ADDED", "ICD10CM C83.39 DELETED"));
}

TEST_F(DiffTest, OnADateACodeSetAPackDoesNotListThenIsLeftOut) {
  // The old ICD-10-CM file lists FY2016 to FY2024, the old ICD-10-PCS file FY2016 to FY2020.
  const v1::PackDiff d2024 = Diff(*old_, *new_, "2024-09-01");
  EXPECT_THAT(d2024.not_compared(), ElementsAre(v1::ICD10PCS));
  EXPECT_THAT(CodeList(d2024), ElementsAre("MODIFIER QJ REMOVED", "MODIFIER XP ADDED"));
  const v1::PackDiff d2025 = Diff(*old_, *new_, "2025-06-01");
  EXPECT_THAT(d2025.not_compared(), ElementsAre(v1::ICD10CM, v1::ICD10PCS));
  EXPECT_THAT(CodeList(d2025),
              ElementsAre("MODIFIER GA DELETED", "MODIFIER QJ REMOVED", "MODIFIER XP ADDED"));
  EXPECT_THAT(FormatDiff(d2025, 0), HasSubstr("  ICD-10-CM billable codes: not compared"));
}

TEST_F(DiffTest, RejectsADateThatIsNotOne) {
  EXPECT_EQ(DiffPacks(*old_, *new_, "2025-02-30").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(DiffTest, ReportLeadsWithTheSummaryAndCutsLongLists) {
  const std::string text = FormatDiff(diff_, 1);
  EXPECT_THAT(text, HasSubstr("  NCCI PTP practitioner: 1 added, 2 deleted, 1 removed, "
                              "1 indicator 0 -> 1, 1 indicator 1 -> 0, 1 rationale changed, "
                              "2 revised\n"));
  EXPECT_THAT(text, HasSubstr("  NCCI MUE practitioner: 1 added, 1 deleted, 1 removed, "
                              "1 value changed, 1 MAI changed, 1 rationale changed\n"));
  EXPECT_LT(text.find("Summary"), text.find("NCCI PTP practitioner (column 1 / column 2)"));
  EXPECT_THAT(text, HasSubstr("  Deleted (2):\n    92134 / 92250  deletion none -> 2025-04-01\n"
                              "    ... and 1 more\n"));
  EXPECT_THAT(FormatDiff(diff_, 0), Not(HasSubstr("more\n")));
}

}  // namespace
}  // namespace coderules::testing
