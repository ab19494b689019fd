// The ICD-10-CM FY2021 (January 2021 update) order file and tabular list, and the FY2025 chapter 2
// extract, from ../shared/data: every row accepted, counts as published, and codes, 7th
// characters and notes read back through a compiled pack with `LookupCode`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "coderules/code.h"
#include "coderules/lookup.h"
#include "coderules/rule_pack.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/import/code_sets.h"
#include "src/pack/staged.h"
#include "tests/test_util.h"

namespace coderules {
namespace {

using internal::Staged;
using ::testing::ElementsAre;
using testing::ImportShared;
using ::testing::IsEmpty;
using testing::PackOfFiles;
using testing::SharedDataPath;

constexpr char kOrderFile[] = "icd10cm-fy2021-jan/icd10cm-order-Jan-2021.txt";
constexpr char kTabularFile[] = "icd10cm-fy2021-jan/icd10cm_tabular_2021.xml";
constexpr char kTabular2025File[] =
    "icd10cm-fy2025-tabular-ch2-extract/icd-10-cm-tabular-2025_ch2.xml";

TEST(Icd10CmDataTest, OrderFileJanuary2021) {
  CODERULES_REQUIRE_SHARED_DATA();
  ImportReport report;
  const Staged staged = ImportShared(kOrderFile, internal::ImportIcd10CmOrder, &report);
  EXPECT_EQ(report.rows_read, 95358);
  EXPECT_EQ(report.rows_accepted, 95358);
  EXPECT_EQ(report.rows_rejected, 0);
  EXPECT_THAT(report.rejected, IsEmpty());
  EXPECT_EQ(report.version, "FY2021 (2021-01-01 update)");
  const auto billable =
      std::count_if(staged.icd10cm_validity.begin(), staged.icd10cm_validity.end(),
                    [](const auto& row) { return row.billable; });
  EXPECT_EQ(billable, 72621);
  EXPECT_EQ(staged.icd10cm_validity.size() - billable, 22737u);
  EXPECT_EQ(staged.icd10cm_names.size(), 95358u);
  ASSERT_TRUE(staged.release.has_value());
  EXPECT_EQ(internal::FormatIsoDate(staged.release->effective), "2021-01-01");
  EXPECT_EQ(internal::FormatIsoDate(staged.release->end), "2021-10-01");
  ASSERT_EQ(staged.coverage.size(), 1u);
  EXPECT_EQ(staged.coverage[0].system, internal::CodeSystem::kIcd10Cm);
  for (const char* code : {"J12.82", "U07.1"}) {
    const IcdKey key = *PackIcd10Cm(code);
    const auto it = std::find_if(staged.icd10cm_validity.begin(), staged.icd10cm_validity.end(),
                                 [&](const auto& row) { return row.code == key; });
    ASSERT_NE(it, staged.icd10cm_validity.end()) << code;
    EXPECT_TRUE(it->billable) << code;
  }
}

TEST(Icd10CmDataTest, TabularFy2021) {
  CODERULES_REQUIRE_SHARED_DATA();
  ImportReport report;
  const Staged staged = ImportShared(kTabularFile, internal::ImportIcd10CmTabular, &report);
  EXPECT_EQ(report.rows_read, 45017);
  EXPECT_EQ(report.rows_accepted, 45017);
  EXPECT_EQ(report.rows_rejected, 0);
  EXPECT_EQ(report.version, "FY2021");
  EXPECT_EQ(staged.icd10cm_names.size(), 45017u);
  EXPECT_EQ(staged.icd10cm_seventh.size(), 1787u);
  EXPECT_TRUE(staged.coverage.empty());
  // Every <note> of the eight note elements (counted with Python's ElementTree).
  EXPECT_EQ(staged.icd10cm_notes.size(), 22882u);
  int excludes1 = 0, with_refs = 0;
  for (const internal::StagedIcdNote& note : staged.icd10cm_notes) {
    if (note.kind != internal::NoteKind::kExcludes1) continue;
    ++excludes1;
    with_refs += note.refs.empty() ? 0 : 1;
  }
  EXPECT_EQ(excludes1, 5441);
  std::printf("Excludes1 notes citing at least one code: %d of %d (%.1f%%)\n", with_refs, excludes1,
              100.0 * with_refs / excludes1);
}

TEST(Icd10CmDataTest, TabularFy2025Chapter2) {
  CODERULES_REQUIRE_SHARED_DATA();
  ImportReport report;
  const Staged staged = ImportShared(kTabular2025File, internal::ImportIcd10CmTabular, &report);
  EXPECT_EQ(report.rows_read, 2174);
  EXPECT_EQ(report.rows_accepted, 2174);
  EXPECT_EQ(report.rows_rejected, 0);
  EXPECT_EQ(report.version, "FY2025");
  ASSERT_TRUE(staged.release.has_value());
  EXPECT_EQ(internal::FormatIsoDate(staged.release->effective), "2024-10-01");
}

class Icd10CmPackTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (SharedDataPath(kOrderFile).empty()) return;
    const auto start = std::chrono::steady_clock::now();
    std::shared_ptr<const RulePack> pack =
        PackOfFiles({{SourceKind::kIcd10CmOrder, SharedDataPath(kOrderFile)},
                     {SourceKind::kIcd10CmTabular, SharedDataPath(kTabularFile)}},
                    "icd10cm-fy2021");
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    std::printf("the order file and the tabular list compiled into a pack: %.1f ms\n",
                took.count());
    if (pack != nullptr) pack_ = new std::shared_ptr<const RulePack>(std::move(pack));
  }

  void SetUp() override {
    CODERULES_REQUIRE_SHARED_DATA();
    ASSERT_NE(pack_, nullptr);
  }

  static v1::CodeInfo Lookup(const std::string& code, const std::string& date = "2021-03-01") {
    const v1::CodeInfo info = testing::Lookup(**pack_, code, date);
    EXPECT_EQ(info.system(), v1::ICD10CM) << code;
    return info;
  }

  // The notes of `kind` on the code, as "text [refs]".
  static std::vector<std::string> Notes(const v1::CodeInfo& info, v1::Note::Kind kind,
                                        const std::string& scope) {
    std::vector<std::string> out;
    for (const v1::Note& note : info.notes()) {
      if (note.kind() != kind || note.scope() != scope) continue;
      std::string line = note.text() + " [";
      for (int i = 0; i < note.refs_size(); ++i) line += (i > 0 ? ", " : "") + note.refs(i);
      out.push_back(line + "]");
    }
    return out;
  }

  static std::string Characters(const v1::CodeInfo& info) {
    std::string out;
    for (const v1::SeventhCharacter& s : info.seventh_characters()) out += s.character();
    return out;
  }

  static std::shared_ptr<const RulePack>* pack_;
};

std::shared_ptr<const RulePack>* Icd10CmPackTest::pack_ = nullptr;

TEST_F(Icd10CmPackTest, JanuaryAdditionsAreBillable) {
  for (const char* code : {"J12.82", "U07.1"}) {
    const v1::CodeInfo info = Lookup(code);
    EXPECT_EQ(info.on_date(), v1::CodeInfo::BILLABLE) << code;
  }
  // Before the January update the order file does not speak: its release starts 2021-01-01.
  EXPECT_EQ(Lookup("J12.82", "2020-12-31").on_date(), v1::CodeInfo::CANNOT_TELL);
  EXPECT_EQ(Lookup("J12.8", "2021-03-01").on_date(), v1::CodeInfo::HEADER);
}

TEST_F(Icd10CmPackTest, SeventhCharactersInheritedFromTheCategory) {
  // <sevenChrDef> of S72 in the FY2021 tabular list.
  const v1::CodeInfo fracture = Lookup("S72.001A");
  EXPECT_EQ(fracture.on_date(), v1::CodeInfo::BILLABLE);
  ASSERT_GT(fracture.seventh_characters_size(), 0);
  EXPECT_EQ(fracture.seventh_characters(0).defined_on(), "S72");
  EXPECT_EQ(Characters(fracture), "ABCDEFGHJKMNPQRS");
  EXPECT_EQ(fracture.seventh_characters(0).meaning(), "initial encounter for closed fracture");
  // T36 defines A, D and S for every code under it, T36.0X5 included.
  const v1::CodeInfo adverse = Lookup("T36.0X5A");
  EXPECT_EQ(adverse.on_date(), v1::CodeInfo::BILLABLE);
  ASSERT_GT(adverse.seventh_characters_size(), 0);
  EXPECT_EQ(adverse.seventh_characters(0).defined_on(), "T36");
  EXPECT_EQ(Characters(adverse), "ADS");
  EXPECT_EQ(adverse.seventh_characters(1).meaning(), "subsequent encounter");
}

TEST_F(Icd10CmPackTest, ExcludesNotesWithTheCodesTheyCite) {
  // A cited code stands for itself and its descendants, so J35.1 shows as "J35.1-".
  EXPECT_THAT(
      Notes(Lookup("J03.00"), v1::Note::EXCLUDES1, "J03.-"),
      ElementsAre("acute sore throat (J02.-) [J02.-]", "hypertrophy of tonsils (J35.1) [J35.1-]",
                  "peritonsillar abscess (J36) [J36.-]", "sore throat NOS (J02.9) [J02.9-]",
                  "streptococcal sore throat (J02.0) [J02.0-]"));
  EXPECT_THAT(Notes(Lookup("I82.401"), v1::Note::EXCLUDES1, "I82.40-"),
              ElementsAre("acute embolism and thrombosis of unspecified deep veins of distal "
                          "lower extremity (I82.4Z-) [I82.4Z-]",
                          "acute embolism and thrombosis of unspecified deep veins of proximal "
                          "lower extremity (I82.4Y-) [I82.4Y-]"));
  EXPECT_THAT(Notes(Lookup("J34.81"), v1::Note::EXCLUDES2, "J34.81-"),
              ElementsAre("gastrointestinal mucositis (ulcerative) (K92.81) [K92.81-]",
                          "mucositis (ulcerative) of vagina and vulva (N76.81) [N76.81-]",
                          "oral mucositis (ulcerative) (K12.3-) [K12.3-]"));
  // A note of the chapter, scoped by its sections: chapter 1's Excludes2.
  EXPECT_THAT(Notes(Lookup("A00.0"), v1::Note::EXCLUDES2, "A00-B99"),
              ::testing::Contains("influenza and other acute respiratory infections (J00-J22) "
                                  "[J00-J22]"));
}

}  // namespace
}  // namespace coderules
