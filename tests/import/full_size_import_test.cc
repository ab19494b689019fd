// Full-size NCCI tables of the published shape (../shared/tools/gen_ncci.py): every row accepted,
// every data line counted, and rows read back independently from the files agree with the engine.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "coderules/engine.h"
#include "gtest/gtest.h"
#include "src/internal/date.h"
#include "tests/test_util.h"

namespace coderules {
namespace {

namespace fs = std::filesystem;

const std::vector<std::pair<SourceKind, std::string>>& Files() {
  static const auto* files = new std::vector<std::pair<SourceKind, std::string>>{
      {SourceKind::kPtpPractitioner, "ccipra-v321r0-f1.txt"},
      {SourceKind::kPtpPractitioner, "ccipra-v321r0-f2.txt"},
      {SourceKind::kPtpPractitioner, "ccipra-v321r0-f3.txt"},
      {SourceKind::kPtpPractitioner, "ccipra-v321r0-f4.txt"},
      {SourceKind::kMuePractitioner, "MCR_MUE_PractitionerServices_Eff_10-01-2025.csv"},
      {SourceKind::kAddOn, "AOC_V2025Q4-MCR.csv"}};
  return *files;
}

class FullSizeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(CODERULES_SHARED_TOOLS "/gen_ncci.py")) return;
    dir_ = new std::string(std::string(CODERULES_BINARY_DIR) + "/full-size-ncci");
    if (!fs::exists(*dir_ + "/AOC_V2025Q4-MCR.csv")) {
      const std::string command = "python3 " CODERULES_SHARED_TOOLS "/gen_ncci.py " + *dir_;
      ASSERT_EQ(std::system(command.c_str()), 0) << command;
    }
    std::vector<std::pair<SourceKind, std::string>> paths;
    for (const auto& [kind, name] : Files()) paths.emplace_back(kind, *dir_ + "/" + name);
    reports_ = new std::vector<ImportReport>;
    std::shared_ptr<const RulePack> pack = testing::PackOfFiles(paths, "full", reports_);
    ASSERT_NE(pack, nullptr);
    engine_ = Engine::Create(pack)->release();
  }

  void SetUp() override {
    if (dir_ == nullptr) GTEST_SKIP() << "skipped: ../shared/tools is absent (shared-data test)";
    ASSERT_NE(engine_, nullptr);
  }

  // The data lines of a generated file: the lines after its header.
  static std::vector<std::string> DataLines(const std::string& name, const std::string& header) {
    std::ifstream in(*dir_ + "/" + name, std::ios::binary);
    std::vector<std::string> lines;
    bool data = false;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (data && !line.empty()) lines.push_back(line);
      if (line.rfind(header, 0) == 0) data = true;
    }
    return lines;
  }

  static std::string* dir_;
  static std::vector<ImportReport>* reports_;
  static Engine* engine_;
};

std::string* FullSizeTest::dir_ = nullptr;
std::vector<ImportReport>* FullSizeTest::reports_ = nullptr;
Engine* FullSizeTest::engine_ = nullptr;

TEST_F(FullSizeTest, EveryRowAccepted) {
  const std::vector<std::string> headers = {"Column 1", "Column 1",           "Column 1",
                                            "Column 1", "\"HCPCS/CPT Code\"", "\"Add-on Code\""};
  int64_t ptp_rows = 0;
  for (size_t i = 0; i < Files().size(); ++i) {
    const ImportReport& report = (*reports_)[i];
    const size_t lines = DataLines(Files()[i].second, headers[i]).size();
    EXPECT_EQ(report.rows_rejected, 0) << report.file;
    EXPECT_EQ(report.rows_read, static_cast<int64_t>(lines)) << report.file;
    EXPECT_EQ(report.rows_accepted, static_cast<int64_t>(lines)) << report.file;
    if (i < 4) ptp_rows += report.rows_accepted;
  }
  EXPECT_GT(ptp_rows, 1900000);
}

v1::Claim Pair(const std::string& c1, const std::string& c2, internal::Day dos) {
  v1::Claim claim;
  claim.set_type(v1::Claim::PROFESSIONAL);
  for (const std::string& code : {c1, c2}) {
    v1::ServiceLine* line = claim.add_lines();
    line->set_code(code);
    line->set_units(1);
    line->set_date_of_service(internal::FormatIsoDate(dos));
  }
  return claim;
}

bool Denies(const v1::CheckResult& result, const std::string& column2) {
  for (const v1::Finding& f : result.findings()) {
    if (f.edit() == "NCCI_PTP" && f.codes(0) == column2) return true;
  }
  return false;
}

TEST_F(FullSizeTest, PtpRowsReadIndependentlyAgree) {
  // Rows of a pair that appears once, with indicator 0 and a deletion date: denied inside the
  // window, not on the deletion date.
  std::vector<std::vector<std::string>> rows;
  std::map<std::pair<std::string, std::string>, int> seen;
  for (const std::string& line : DataLines("ccipra-v321r0-f2.txt", "Column 1")) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    ++seen[{f[0], f[1]}];
    rows.push_back(std::move(f));
  }
  int checked = 0;
  for (const std::vector<std::string>& f : rows) {
    if (checked == 50) break;
    if (seen[{f[0], f[1]}] != 1 || f[5] != "0" || f[4] == "*") continue;
    const internal::Day effective = *internal::ParseCompactDate(f[3]);
    const internal::Day deletion = *internal::ParseCompactDate(f[4]);
    EXPECT_TRUE(Denies(engine_->Check(Pair(f[0], f[1], effective)), f[1])) << f[0] << " " << f[1];
    EXPECT_TRUE(Denies(engine_->Check(Pair(f[1], f[0], deletion - 1)), f[1]));
    EXPECT_FALSE(Denies(engine_->Check(Pair(f[0], f[1], deletion)), f[1]));
    EXPECT_FALSE(Denies(engine_->Check(Pair(f[0], f[1], effective - 1)), f[1]));
    ++checked;
  }
  EXPECT_EQ(checked, 50);
}

TEST_F(FullSizeTest, MueRowsReadIndependentlyAgree) {
  int checked = 0;
  for (const std::string& line :
       DataLines("MCR_MUE_PractitionerServices_Eff_10-01-2025.csv", "\"HCPCS/CPT Code\"")) {
    if (checked == 200) break;
    const std::vector<std::string> f = absl::StrSplit(line, ',');
    const int value = std::stoi(f[1]);
    v1::Claim claim = Pair(f[0], f[0], *internal::ParseIsoDate("2025-10-01"));
    claim.mutable_lines(0)->set_units(value + 1);
    claim.mutable_lines()->RemoveLast();
    std::vector<v1::Finding> mue;
    const v1::CheckResult result = engine_->Check(claim);
    for (const v1::Finding& finding : result.findings()) {
      if (finding.edit() == "NCCI_MUE") mue.push_back(finding);
    }
    ASSERT_EQ(mue.size(), 1) << line;
    EXPECT_NE(mue[0].message().find("MAI " + f[2].substr(1, 1)), std::string::npos) << line;
    ++checked;
  }
}

}  // namespace
}  // namespace coderules
