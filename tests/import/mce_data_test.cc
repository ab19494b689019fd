// The MCE 43.1 files (../shared/data/mce-v43) compiled into one pack, checked against the files
// themselves and the counts their SOURCE.md gives. Every ICD-10-CM and ICD-10-PCS code is checked
// around both ends of its window, as an independent comparison with the MCE would.
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_split.h"
#include "coderules/code.h"
#include "coderules/engine.h"
#include "coderules/lookup.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/internal/date.h"
#include "tests/test_util.h"

namespace coderules::testing {
namespace {

using internal::Day;
using internal::FormatIsoDate;
using internal::kForever;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

Day D(const char* iso) { return *internal::ParseIsoDate(iso); }

// Both code sets are listed whole from 2015-10-01 to the end of FY2026.
const Day kCoverageStart = D("2015-10-01");
const Day kCoverageEnd = D("2026-10-01");

struct Window {
  std::string code;
  Day effective;
  Day end;  // kForever when open
};

// The rows of a validity file, read here independently of the importer.
std::vector<Window> ReadValidity(const std::string& path) {
  std::vector<Window> rows;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    const std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 3) {
      ADD_FAILURE() << path << ": " << line;
      continue;
    }
    rows.push_back({f[0], D(f[1].c_str()), f[2].empty() ? kForever : D(f[2].c_str())});
  }
  return rows;
}

class MceDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (SharedDataPath("mce-v43").empty()) return;
    std::shared_ptr<const RulePack> pack =
        PackOfFiles({{SourceKind::kIcd10Validity, SharedDataPath("mce-v43/icd10cm_validity.tsv")},
                     {SourceKind::kIcd10Validity, SharedDataPath("mce-v43/icd10pcs_validity.tsv")},
                     {SourceKind::kMceLists, SharedDataPath("mce-v43/code_lists.tsv")}},
                    "mce-v43", reports_);
    ASSERT_NE(pack, nullptr);
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(pack);
    ASSERT_TRUE(engine.ok()) << engine.status();
    pack_ = new std::shared_ptr<const RulePack>(pack);
    engine_ = engine->release();
    cm_ = new std::vector<Window>(ReadValidity(SharedDataPath("mce-v43/icd10cm_validity.tsv")));
    pcs_ = new std::vector<Window>(ReadValidity(SharedDataPath("mce-v43/icd10pcs_validity.tsv")));
  }
  static void TearDownTestSuite() {
    delete engine_;
    delete pack_;
    delete cm_;
    delete pcs_;
    engine_ = nullptr;
    pack_ = nullptr;
    cm_ = pcs_ = nullptr;
    reports_->clear();
  }

  void SetUp() override {
    CODERULES_REQUIRE_SHARED_DATA();
    ASSERT_NE(engine_, nullptr) << "the pack did not build";
  }

  static v1::LookupResult Lookup(const std::string& code, const std::string& date) {
    absl::StatusOr<v1::LookupResult> result = LookupCode(**pack_, code, date);
    EXPECT_TRUE(result.ok()) << code << ": " << result.status();
    return result.ok() ? *result : v1::LookupResult();
  }

  static inline std::vector<ImportReport>* reports_ = new std::vector<ImportReport>();
  static inline std::shared_ptr<const RulePack>* pack_ = nullptr;
  static inline Engine* engine_ = nullptr;
  static inline std::vector<Window>* cm_ = nullptr;
  static inline std::vector<Window>* pcs_ = nullptr;
};

TEST_F(MceDataTest, EveryRowIsAccepted) {
  ASSERT_EQ(reports_->size(), 3u);
  const int64_t rows[] = {75719, 82407, 27374};
  for (size_t i = 0; i < 3; ++i) {
    const ImportReport& r = (*reports_)[i];
    EXPECT_EQ(r.rows_read, rows[i]) << r.file;
    EXPECT_EQ(r.rows_accepted, rows[i]) << r.file;
    EXPECT_EQ(r.rows_rejected, 0) << r.file;
    EXPECT_THAT(r.rejected, IsEmpty()) << r.file;
  }
  EXPECT_EQ(cm_->size(), 75719u);
  EXPECT_EQ(pcs_->size(), 82407u);
}

// SOURCE.md: ICD-10 codes valid on each October 1 (CM / PCS), and on 2026-04-01, counted by
// asking the pack about every code of the files.
TEST_F(MceDataTest, CodesValidOnEachOctoberFirst) {
  const std::map<std::string, std::pair<int, int>> expected = {
      {"2015-10-01", {69823, 71974}}, {"2016-10-01", {71486, 75789}},
      {"2017-10-01", {71704, 78705}}, {"2018-10-01", {71932, 78881}},
      {"2019-10-01", {72184, 77559}}, {"2020-10-01", {72616, 78115}},
      {"2021-10-01", {72748, 78220}}, {"2022-10-01", {73639, 78496}},
      {"2023-10-01", {74044, 78603}}, {"2024-10-01", {74260, 78948}},
      {"2025-10-01", {74719, 79115}}, {"2026-04-01", {74719, 79193}}};
  for (const auto& [date, counts] : expected) {
    int cm = 0, pcs = 0;
    for (const Window& w : *cm_) {
      const v1::LookupResult r = Lookup(w.code, date);
      for (const v1::CodeInfo& m : r.matches()) {
        if (m.system() == v1::ICD10CM && m.on_date() == v1::CodeInfo::BILLABLE) ++cm;
      }
    }
    for (const Window& w : *pcs_) {
      const v1::LookupResult r = Lookup(w.code, date);
      for (const v1::CodeInfo& m : r.matches()) {
        if (m.system() == v1::ICD10PCS && m.on_date() == v1::CodeInfo::BILLABLE) ++pcs;
      }
    }
    EXPECT_EQ(cm, counts.first) << "ICD-10-CM on " << date;
    EXPECT_EQ(pcs, counts.second) << "ICD-10-PCS on " << date;
  }
}

// What the MCE says of a code on a day, from the file alone: valid when a window holds the day.
// The pack derives headers (every proper prefix of a valid code) and tells a header, a missing
// placeholder X and a 7th character the code does not take (DX_NOT_BILLABLE) from other invalid
// codes (DX_INVALID); both are the MCE's invalid code.
class FileOracle {
 public:
  explicit FileOracle(const std::vector<Window>& rows) {
    for (const Window& w : rows) {
      valid_[w.code].push_back(w);
      for (size_t n = 3; n < w.code.size(); ++n) under_[w.code.substr(0, n)].push_back(w);
    }
  }
  bool Valid(const std::string& code, Day day) const { return Holds(valid_, code, day); }
  bool Header(const std::string& code, Day day) const { return Holds(under_, code, day); }
  bool NotBillable(const std::string& code, Day day) const {
    const size_t n = code.size();
    if (Header(code, day)) return true;
    if (n >= 4 && n < 7) {
      const std::string padded =
          absl::StrCat(code.substr(0, n - 1), std::string(7 - n, 'X'), code.substr(n - 1));
      if (Valid(padded, day)) return true;
    }
    return n == 7 && Header(code.substr(0, 6), day);
  }

 private:
  using Index = absl::flat_hash_map<std::string, std::vector<Window>>;
  static bool Holds(const Index& index, const std::string& code, Day day) {
    const auto it = index.find(code);
    if (it == index.end()) return false;
    for (const Window& w : it->second) {
      if (internal::InWindow(day, w.effective, w.end)) return true;
    }
    return false;
  }
  Index valid_, under_;
};

// The days around a window: the day before, the first, the last and the end day.
std::vector<std::pair<Day, bool>> Probes(const Window& w) {
  std::vector<std::pair<Day, bool>> days = {{w.effective - 1, false}, {w.effective, true}};
  if (w.end != kForever) {
    days.push_back({w.end - 1, true});
    days.push_back({w.end, false});
  }
  return days;
}

TEST_F(MceDataTest, EveryIcd10CmCodeAtBothEndsOfItsWindow) {
  const FileOracle oracle(*cm_);
  v1::Claim claim;
  claim.set_type(v1::Claim::PROFESSIONAL);
  v1::ServiceLine* line = claim.add_lines();
  line->set_code("99213");
  line->set_units(1);
  line->add_diagnosis_pointers(1);
  v1::Diagnosis* dx = claim.add_diagnoses();
  int64_t checks = 0, invalid = 0, not_billable = 0, silent = 0, wrong = 0;
  for (const Window& w : *cm_) {
    dx->set_code(w.code);
    for (const auto& [day, inside] : Probes(w)) {
      line->set_date_of_service(FormatIsoDate(day));
      const v1::CheckResult result = engine_->Check(claim);
      ++checks;
      const bool covered = day >= kCoverageStart && day < kCoverageEnd;
      std::string want;  // the DX edit expected, or none
      if (!inside && covered) {
        want = oracle.NotBillable(w.code, day) ? "DX_NOT_BILLABLE" : "DX_INVALID";
      }
      const bool ok = want.empty()
                          ? result.findings_size() == 0
                          : result.findings_size() == 1 && result.findings(0).edit() == want &&
                                result.findings(0).source_edit() == "INVALID_CODE";
      if (!ok && ++wrong <= 20) {
        ADD_FAILURE() << w.code << " on " << FormatIsoDate(day) << ": want "
                      << (want.empty() ? "no finding" : want) << ", got "
                      << result.ShortDebugString();
      }
      if (want.empty()) {
        silent += inside ? 0 : 1;
      } else {
        (want == "DX_INVALID" ? invalid : not_billable) += 1;
      }
    }
  }
  EXPECT_EQ(wrong, 0);
  // The sweep reached both kinds of invalid code, and the days outside coverage.
  EXPECT_GT(invalid, 0);
  EXPECT_GT(not_billable, 0);
  EXPECT_GT(silent, 0);
  std::cout << "ICD-10-CM: " << checks << " checks, " << invalid << " DX_INVALID, " << not_billable
            << " DX_NOT_BILLABLE, " << silent << " outside coverage\n";
}

TEST_F(MceDataTest, EveryIcd10PcsCodeAtBothEndsOfItsWindow) {
  const FileOracle oracle(*pcs_);
  v1::Claim claim;
  claim.set_type(v1::Claim::INPATIENT_FACILITY);
  v1::Procedure* procedure = claim.add_procedures();
  int64_t checks = 0, invalid = 0, wrong = 0;
  for (const Window& w : *pcs_) {
    procedure->set_code(w.code);
    for (const auto& [day, inside] : Probes(w)) {
      claim.set_discharge_date(FormatIsoDate(day));
      const v1::CheckResult result = engine_->Check(claim);
      ++checks;
      const bool want = !inside && day >= kCoverageStart && day < kCoverageEnd;
      const bool ok = want ? result.findings_size() == 1 &&
                                 result.findings(0).edit() == "CODE_INVALID" &&
                                 result.findings(0).procedures(0) == 1
                           : result.findings_size() == 0;
      if (!ok && ++wrong <= 20) {
        ADD_FAILURE() << w.code << " discharged " << FormatIsoDate(day) << ": want "
                      << (want ? "CODE_INVALID" : "no finding") << ", got "
                      << result.ShortDebugString();
      }
      invalid += want ? 1 : 0;
    }
  }
  EXPECT_EQ(wrong, 0);
  EXPECT_GT(invalid, 0);
  std::cout << "ICD-10-PCS: " << checks << " checks, " << invalid << " CODE_INVALID\n";
}

// --- spot checks (SOURCE.md, RULES-RESEARCH.md §2.4) ------------------------------------------

std::vector<std::string> DxEdits(const Engine& engine, const std::string& code,
                                 const std::string& dos) {
  v1::Claim claim;
  claim.set_type(v1::Claim::PROFESSIONAL);
  v1::ServiceLine* line = claim.add_lines();
  line->set_code("99213");
  line->set_units(1);
  line->set_date_of_service(dos);
  claim.add_diagnoses()->set_code(code);
  const v1::CheckResult result = engine.Check(claim);
  std::vector<std::string> out;
  for (const v1::Finding& f : result.findings()) {
    out.push_back(absl::StrCat(f.edit(), ": ", f.message()));
  }
  return out;
}

TEST_F(MceDataTest, CovidCodesOfFiscalYear2021) {
  EXPECT_THAT(DxEdits(*engine_, "U07.1", "2020-04-01"), IsEmpty());
  EXPECT_THAT(DxEdits(*engine_, "U07.1", "2021-09-30"), IsEmpty());
  EXPECT_THAT(DxEdits(*engine_, "U07.1", "2020-03-31"),
              ElementsAre("DX_INVALID: Diagnosis 1: U07.1 is not valid on the date of service; it "
                          "is valid from 2020-04-01."));
  EXPECT_THAT(DxEdits(*engine_, "J12.82", "2021-01-01"), IsEmpty());
  EXPECT_THAT(DxEdits(*engine_, "J12.82", "2021-09-30"), IsEmpty());
  EXPECT_THAT(DxEdits(*engine_, "J12.82", "2020-12-31"),
              ElementsAre("DX_INVALID: Diagnosis 1: J12.82 is not valid on the date of service; "
                          "it is valid from 2021-01-01."));
}

TEST_F(MceDataTest, HeadersAndPlaceholders) {
  const std::vector<std::string> s7200 = DxEdits(*engine_, "S72.00", "2025-03-01");
  ASSERT_EQ(s7200.size(), 1u);
  EXPECT_THAT(s7200[0], HasSubstr("DX_NOT_BILLABLE: Diagnosis 1: S72.00 is a category or "
                                  "subcategory header"));
  EXPECT_THAT(DxEdits(*engine_, "S72.001A", "2025-03-01"), IsEmpty());
  EXPECT_THAT(DxEdits(*engine_, "W21.89XA", "2025-03-01"), IsEmpty());
  const std::vector<std::string> w2189a = DxEdits(*engine_, "W21.89A", "2025-03-01");
  ASSERT_EQ(w2189a.size(), 1u);
  EXPECT_THAT(w2189a[0],
              HasSubstr("DX_NOT_BILLABLE: Diagnosis 1: W21.89A lacks the placeholder X"));
  // S72.001 takes the 16 characters of fractures; W21.89X those of most injuries.
  EXPECT_THAT(DxEdits(*engine_, "S72.001B", "2025-03-01"), IsEmpty());
  const std::vector<std::string> seventh = DxEdits(*engine_, "W21.89XB", "2025-03-01");
  ASSERT_EQ(seventh.size(), 1u);
  EXPECT_THAT(seventh[0], HasSubstr("B is not a 7th character that W21.89X takes on the date of "
                                    "service; it takes A, D, S."));
}

TEST_F(MceDataTest, ProstateCancerWasMaleOnlyUntilFiscalYear2025) {
  v1::LookupResult c61 = Lookup("C61", "");
  ASSERT_EQ(c61.matches_size(), 1);
  std::vector<std::string> lists;
  for (const v1::ListMembership& l : c61.matches(0).lists()) {
    lists.push_back(absl::StrCat(l.list(), " ", l.window().effective(), "..", l.window().end()));
  }
  EXPECT_THAT(lists, ElementsAre("SEX_MALE 2015-10-01..2024-10-01"));
  c61 = Lookup("C61", "2024-09-30");
  ASSERT_EQ(c61.matches(0).lists_size(), 1);
  EXPECT_EQ(c61.matches(0).on_date(), v1::CodeInfo::BILLABLE);
  c61 = Lookup("C61", "2024-10-01");
  EXPECT_EQ(c61.matches(0).lists_size(), 0);
  EXPECT_EQ(c61.matches(0).on_date(), v1::CodeInfo::BILLABLE);
}

// SOURCE.md: list members active on selected dates.
TEST_F(MceDataTest, ListMembersOnSelectedDates) {
  std::vector<std::pair<std::string, std::string>> codes;  // (code, "DX" or "PX"), distinct
  {
    std::ifstream in(SharedDataPath("mce-v43/code_lists.tsv"));
    std::string line;
    std::getline(in, line);
    std::set<std::pair<std::string, std::string>> seen;
    while (std::getline(in, line)) {
      const std::vector<std::string> f = absl::StrSplit(line, '\t');
      ASSERT_EQ(f.size(), 6u) << line;
      if (seen.insert({f[3], f[1]}).second) codes.push_back({f[3], f[1]});
    }
  }
  const std::map<std::string, std::map<std::string, int>> expected = {
      {"2015-10-01",
       {{"DX AGE_NEWBORN", 441},
        {"DX SEX_MALE", 483},
        {"DX UNACCEPTABLE_PDX", 1228},
        {"DX UNSPECIFIED", 0},
        {"PX SEX_FEMALE", 2171},
        {"PX NONCOVERED_PROCEDURE", 196}}},
      {"2024-10-01",
       {{"DX AGE_NEWBORN", 42},
        {"DX SEX_MALE", 0},
        {"DX UNACCEPTABLE_PDX", 2608},
        {"DX UNSPECIFIED", 3444},
        {"PX SEX_FEMALE", 0},
        {"PX NONCOVERED_PROCEDURE", 95}}}};
  for (const auto& [date, lists] : expected) {
    std::map<std::string, int> counted;
    for (const auto& [code, type] : codes) {
      const v1::LookupResult result = Lookup(code, date);
      for (const v1::CodeInfo& m : result.matches()) {
        if ((m.system() == v1::ICD10CM) != (type == "DX")) continue;
        for (const v1::ListMembership& l : m.lists()) ++counted[absl::StrCat(type, " ", l.list())];
      }
    }
    for (const auto& [list, count] : lists) EXPECT_EQ(counted[list], count) << list << " " << date;
  }
}

}  // namespace
}  // namespace coderules::testing
