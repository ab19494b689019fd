// The NCCI importers on small files in the published layouts.
#include <string>
#include <vector>

#include "coderules/engine.h"
#include "coderules/rule_pack.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/internal/text.h"
#include "tests/test_util.h"

namespace coderules {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// The PTP text layout: cp1252 (a raw 0xAE), CRLF, an AMA preamble, the header found by content,
// '*' markers, a quoted cell, and bad rows on known lines.
constexpr char kPtp[] =
    "CPT codes, descriptions and other data only are copyright 2025 American Medical "
    "Association. All rights reserved.\r\n"
    "CPT\xae is a registered trademark of the American Medical Association.\r\n"
    "\r\n"
    "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date "
    "*=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale\r\n"
    "11111\t22222\t*\t19960101\t*\t0\tMutually exclusive procedures\r\n"  // line 5
    "11111\t33333\t\t20200101\t20210101\t1\t\"Standards of \x93medical\x94 practice\"\r\n"
    "11111\t33333\t\t20210101\t*\t0\tStandards of medical practice\r\n"
    "1111\t44444\t\t20200101\t*\t1\tbad column 1\r\n"                       // line 8
    "11111\t44444\t\t2020-13-01\t*\t1\tbad effective date\r\n"              // line 9
    "11111\t44444\t\t20200101\t20190101\t1\tdeletion before effective\r\n"  // line 10
    "11111\t44444\t\t20200101\t*\t2\tbad indicator\r\n"                     // line 11
    "11111\t44444\t\t20200101\r\n"                                          // line 12
    "\t\t\t\t\t\t\r\n"
    "55555\t55555\t\t20200101\t*\t1\tsame code\r\n"  // line 14
    "g0101\t0001t\t\t20200101\t20200101\t9\tdeleted retroactively\r\n";

constexpr char kMue[] =
    "\"CPT codes, descriptions and other data only are copyright 2025 American Medical "
    "Association.\"\r\n"
    "\"CPT\xae is a registered trademark of the American Medical Association.\"\r\n"
    "\"HCPCS/CPT Code\",\"Practitioner Services MUE Values\",\"MUE Adjudication Indicator\","
    "\"MUE Rationale\"\r\n"
    "82374,2,\"1 Line Edit\",\"Clinical: Data\"\r\n"  // line 4
    "G0422,6,\"2 Date of Service Edit: Policy\",\"CMS Policy\"\r\n"
    "Q9980,50,\"3 Date of Service Edit: Clinical\",\"Clinical: Data\"\r\n"
    "99999,0,\"2 Date of Service Edit: Policy\",\"CMS Policy\"\r\n"
    "82374,3,\"1 Line Edit\",\"listed again\"\r\n"    // line 8
    "77777,-1,\"1 Line Edit\",\"negative\"\r\n"       // line 9
    "77777,two,\"1 Line Edit\",\"not a number\"\r\n"  // line 10
    "77777,2,\"4 Something\",\"bad MAI\"\r\n"         // line 11
    "7777,2,\"1 Line Edit\",\"bad code\"\r\n";        // line 12

constexpr char kAoc[] =
    "\"Add-on Code\",\"AOC_DEL_DT_JULIAN\",\"Primary Code\",\"Primary Code DEL_DT_JULIAN\","
    "\"AOC Edit Type\",\"AOC_Edit_EFF_DT_JULIAN\",\"AOC_Edit_DEL_DT_JULIAN\","
    "\"Special Instruction Notes\"\r\n"
    "99292,,99291,,1,2013091,,\"\"\r\n"  // line 2
    "22614,,22612,2024092,3,2013091,,\"Primary deleted 2024-04-01\"\r\n"
    "20930,,CCCCC,,2,2013091,,\"Contractor Defined Primary Codes,\r\nsee the MAC\"\r\n"
    "11045,,11042,,1,2013091,2023001,\"\"\r\n"  // line 6
    "11046,,11043,,4,2013091,,\"\"\r\n"         // line 7
    "11047,,11044,,1,2013366,,\"\"\r\n"         // line 8
    "11048,,110,,1,2013091,,\"\"\r\n";          // line 9

std::vector<std::string> Reasons(const ImportReport& report) {
  std::vector<std::string> out;
  for (const RejectedRow& row : report.rejected) {
    out.push_back(absl::StrCat(row.line, ": ", row.reason));
  }
  return out;
}

std::unique_ptr<Engine> Build(PackBuilder builder) {
  return *Engine::Create(testing::PackOfBuilder(std::move(builder)));
}

v1::Claim Claim(const std::vector<std::pair<std::string, double>>& lines, const std::string& dos,
                v1::Claim::Type type = v1::Claim::PROFESSIONAL) {
  v1::Claim claim;
  claim.set_type(type);
  for (const auto& [code, units] : lines) {
    v1::ServiceLine* line = claim.add_lines();
    line->set_code(code);
    line->set_units(units);
    line->set_date_of_service(dos);
  }
  return claim;
}

std::vector<std::string> Edits(const v1::CheckResult& result) {
  std::vector<std::string> out;
  for (const v1::Finding& f : result.findings()) out.push_back(f.edit());
  return out;
}

TEST(PtpImportTest, PublishedLayout) {
  PackBuilder builder("t");
  absl::StatusOr<ImportReport> report =
      builder.AddContents(SourceKind::kPtpPractitioner, "ccipra-v321r0-f1.txt", kPtp);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->file, "ccipra-v321r0-f1.txt");
  EXPECT_EQ(report->version, "v321r0");
  EXPECT_EQ(report->rows_read, 10);
  EXPECT_EQ(report->rows_accepted, 4);
  EXPECT_EQ(report->rows_rejected, 6);
  EXPECT_THAT(Reasons(*report),
              ElementsAre("8: column 1 '1111' is not a CPT or HCPCS code",
                          "9: effective date '2020-13-01' is not a date",
                          "10: deletion date is before the effective date",
                          "11: modifier indicator '2' is not 0, 1 or 9", "12: only 4 fields",
                          "14: column 1 and column 2 are the same code"));

  std::unique_ptr<Engine> engine = Build(std::move(builder));
  v1::CheckResult r = engine->Check(Claim({{"11111", 1}, {"22222", 1}}, "2020-06-01"));
  EXPECT_THAT(Edits(r), ElementsAre("NCCI_PTP"));
  EXPECT_EQ(r.findings(0).rule().source(), "ccipra-v321r0-f1.txt");
  EXPECT_EQ(r.findings(0).rule().version(), "v321r0");
  EXPECT_EQ(r.findings(0).rule().key(), "11111,22222,1996-01-01");
  // The cp1252 quotes of the rationale arrive as UTF-8.
  r = engine->Check(Claim({{"11111", 1}, {"33333", 1}}, "2020-06-01"));
  ASSERT_THAT(Edits(r), ElementsAre("NCCI_PTP"));
  EXPECT_THAT(r.findings(0).message(), HasSubstr("Standards of \u201cmedical\u201d practice"));
  EXPECT_TRUE(internal::IsValidUtf8(r.findings(0).message()));
  r = engine->Check(Claim({{"11111", 1}, {"33333", 1}}, "2021-06-01"));
  EXPECT_THAT(r.findings(0).message(), HasSubstr("Modifier indicator 0"));
  EXPECT_THAT(Edits(engine->Check(Claim({{"G0101", 1}, {"0001T", 1}}, "2020-01-01"))), IsEmpty());
}

TEST(PtpImportTest, FacilityFileFillsTheFacilityTable) {
  PackBuilder builder("t");
  ASSERT_TRUE(builder.AddContents(SourceKind::kPtpFacility, "ccioph-v321r0-f1.txt", kPtp).ok());
  std::unique_ptr<Engine> engine = Build(std::move(builder));
  EXPECT_THAT(Edits(engine->Check(Claim({{"11111", 1}, {"22222", 1}}, "2020-06-01"))), IsEmpty());
  EXPECT_THAT(Edits(engine->Check(Claim({{"11111", 1}, {"22222", 1}}, "2020-06-01",
                                        v1::Claim::OUTPATIENT_FACILITY))),
              ElementsAre("NCCI_PTP"));
}

TEST(PtpImportTest, HeaderWrappedOverTwoLinesAndLfEndings) {
  constexpr char kWrapped[] =
      "preamble\n"
      "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier\t"
      "PTP Edit Rationale\n"
      "\t\t\t\t*=no data\t0=not allowed 1=allowed 9=not applicable\t\n"
      "11111\t22222\t\t20200101\t*\t0\tx\n";
  PackBuilder builder("t");
  absl::StatusOr<ImportReport> report =
      builder.AddContents(SourceKind::kPtpPractitioner, "wrapped.txt", kWrapped);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->rows_read, 1);
  EXPECT_EQ(report->rows_accepted, 1);
}

TEST(PtpImportTest, NoHeaderIsAnErrorNamingTheFile) {
  PackBuilder builder("t");
  absl::StatusOr<ImportReport> report =
      builder.AddContents(SourceKind::kPtpPractitioner, "mue-by-mistake.csv", kMue);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("mue-by-mistake.csv: no header row"));
  // Nothing of it was added: the pack builds empty.
  std::unique_ptr<Engine> engine = Build(std::move(builder));
  EXPECT_EQ(engine->pack().info().sources_size(), 0);
}

TEST(MueImportTest, PublishedLayout) {
  PackBuilder builder("t");
  absl::StatusOr<ImportReport> report = builder.AddContents(
      SourceKind::kMuePractitioner, "MCR_MUE_PractitionerServices_Eff_10-01-2025.csv", kMue);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->version, "2025-10-01");
  EXPECT_EQ(report->rows_read, 9);
  EXPECT_EQ(report->rows_accepted, 4);
  EXPECT_THAT(Reasons(*report),
              ElementsAre("8: code 82374 is listed again (first on line 4)",
                          "9: MUE value '-1' is not a whole number of units",
                          "10: MUE value 'two' is not a whole number of units",
                          "11: MUE adjudication indicator '4 Something' is not 1, 2 or 3",
                          "12: code '7777' is not a CPT or HCPCS code"));
  std::unique_ptr<Engine> engine = Build(std::move(builder));
  v1::CheckResult r =
      engine->Check(Claim({{"G0422", 4}, {"G0422", 3}, {"82374", 3}}, "2025-10-01"));
  EXPECT_THAT(Edits(r), ElementsAre("NCCI_MUE", "NCCI_MUE", "NCCI_MUE"));
  EXPECT_THAT(r.findings(0).message(), HasSubstr("MAI 2"));
  EXPECT_THAT(r.findings(2).message(), HasSubstr("MAI 1"));
  EXPECT_EQ(r.findings(0).rule().version(), "2025-10-01");
  EXPECT_THAT(Edits(engine->Check(Claim({{"Q9980", 50}}, "2025-10-01"))), IsEmpty());
  EXPECT_THAT(Edits(engine->Check(Claim({{"99999", 1}}, "2025-10-01"))), ElementsAre("NCCI_MUE"));
}

TEST(MueImportTest, FacilityHeader) {
  constexpr char kFacility[] =
      "\"HCPCS/CPT Code\",\"Outpatient Hospital Services MUE Values\",\"MUE Adjudication "
      "Indicator\",\"MUE Rationale\"\n"
      "82374,1,\"1 Line Edit\",\"Clinical: Data\"\n";
  PackBuilder builder("t");
  ASSERT_TRUE(builder.AddContents(SourceKind::kMueFacility, "mue-oph.csv", kFacility).ok());
  std::unique_ptr<Engine> engine = Build(std::move(builder));
  EXPECT_THAT(Edits(engine->Check(Claim({{"82374", 2}}, "2025-10-01"))), IsEmpty());
  EXPECT_THAT(
      Edits(engine->Check(Claim({{"82374", 2}}, "2025-10-01", v1::Claim::OUTPATIENT_FACILITY))),
      ElementsAre("NCCI_MUE"));
}

TEST(AddOnImportTest, WorkbookCsvExport) {
  PackBuilder builder("t");
  absl::StatusOr<ImportReport> report =
      builder.AddContents(SourceKind::kAddOn, "AOC_V2025Q4-MCR.csv", kAoc);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->version, "2025Q4");
  EXPECT_EQ(report->rows_read, 7);
  EXPECT_EQ(report->rows_accepted, 4);
  EXPECT_THAT(Reasons(*report), ElementsAre("7: edit type '4' is not 1, 2 or 3",
                                            "8: edit effective date '2013366' is not a date",
                                            "9: primary code '110' is not a CPT or HCPCS code"));
  std::unique_ptr<Engine> engine = Build(std::move(builder));
  EXPECT_THAT(Edits(engine->Check(Claim({{"99292", 1}}, "2020-01-01"))),
              ElementsAre("ADDON_NO_PRIMARY"));
  EXPECT_THAT(Edits(engine->Check(Claim({{"99292", 1}}, "2013-03-31"))), IsEmpty());
  // Julian 2024092 is 2024-04-01: the primary's deletion ends the row.
  EXPECT_THAT(Edits(engine->Check(Claim({{"22614", 1}}, "2024-03-31"))),
              ElementsAre("ADDON_NO_PRIMARY"));
  EXPECT_THAT(Edits(engine->Check(Claim({{"22614", 1}}, "2024-04-01"))), IsEmpty());
  // Julian 2023001 is 2023-01-01: the edit's deletion.
  EXPECT_THAT(Edits(engine->Check(Claim({{"11045", 1}}, "2022-12-31"))),
              ElementsAre("ADDON_NO_PRIMARY"));
  EXPECT_THAT(Edits(engine->Check(Claim({{"11045", 1}}, "2023-01-01"))), IsEmpty());
  v1::CheckResult r = engine->Check(Claim({{"20930", 1}}, "2020-01-01"));
  ASSERT_THAT(r.findings(), SizeIs(1));
  EXPECT_EQ(r.findings(0).severity(), v1::Finding::REVIEW);
}

TEST(AddOnImportTest, OtherDateForms) {
  constexpr char kDates[] =
      "Add-on Code,AOC_DEL_DT,Primary Code,Primary Code DEL_DT,AOC Edit Type,AOC_Edit_EFF_DT,"
      "AOC_Edit_DEL_DT\n"
      "99292,,99291,,1,20130401,12/31/2019,\n"
      "64484,,64483,,1,4/1/2013,,\n";
  PackBuilder builder("t");
  absl::StatusOr<ImportReport> report = builder.AddContents(SourceKind::kAddOn, "aoc.csv", kDates);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->rows_accepted, 2);
  std::unique_ptr<Engine> engine = Build(std::move(builder));
  EXPECT_THAT(Edits(engine->Check(Claim({{"99292", 1}}, "2019-12-30"))),
              ElementsAre("ADDON_NO_PRIMARY"));
  EXPECT_THAT(Edits(engine->Check(Claim({{"99292", 1}}, "2019-12-31"))), IsEmpty());
}

TEST(ImportTest, IdenticalRowsAcrossFilesAreKeptOnceAndCounted) {
  PackBuilder builder("t");
  ASSERT_TRUE(builder.AddContents(SourceKind::kPtpPractitioner, "a-f1.txt", kPtp).ok());
  ASSERT_TRUE(builder.AddContents(SourceKind::kPtpPractitioner, "a-f2.txt", kPtp).ok());
  std::unique_ptr<Engine> engine = Build(std::move(builder));
  const v1::PackInfo& info = engine->pack().info();
  ASSERT_EQ(info.sources_size(), 2);
  EXPECT_EQ(info.sources(0).rows_duplicate(), 0);
  EXPECT_EQ(info.sources(1).rows_duplicate(), 4);
  EXPECT_EQ(info.sources(1).rows_accepted(), 4);
  EXPECT_EQ(info.sources(1).kind(), "ptp-practitioner");
  EXPECT_THAT(Edits(engine->Check(Claim({{"11111", 1}, {"22222", 1}}, "2020-06-01"))),
              ElementsAre("NCCI_PTP"));
}

TEST(ImportTest, RuleSetRowsRejectedWithTheirLines) {
  constexpr char kRules[] =
      "source: \"hand\"\n"
      "version: \"v1\"\n"
      "ptp_practitioner { column1: \"11111\" column2: \"22222\" effective_date: \"2020-01-01\" "
      "modifier_indicator: \"0\" }\n"
      "mue_practitioner { code: \"82374\" mai: 1 }\n"
      "add_on {\n  add_on: \"99292\"\n  primary: \"99291\"\n  type: 5\n}\n";
  PackBuilder builder("t");
  absl::StatusOr<ImportReport> report =
      builder.AddContents(SourceKind::kRules, "r.textproto", kRules);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->file, "hand");
  EXPECT_EQ(report->version, "v1");
  EXPECT_EQ(report->rows_read, 3);
  EXPECT_THAT(Reasons(*report), ElementsAre("4: mue_practitioner: value is missing",
                                            "5: add_on: edit type '5' is not 1, 2 or 3"));
}

TEST(ImportTest, RuleSetSyntaxErrorIsAnError) {
  PackBuilder builder("t");
  absl::StatusOr<ImportReport> report =
      builder.AddContents(SourceKind::kRules, "r.textproto", "ptp_practitioner { column1: }\n");
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("r.textproto: line 1:"));
}

TEST(ImportTest, UnreadableFileIsAnError) {
  PackBuilder builder("t");
  absl::StatusOr<ImportReport> report =
      builder.AddFile(SourceKind::kPtpPractitioner, "/nonexistent/ccipra.txt");
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("/nonexistent/ccipra.txt"));
}

}  // namespace
}  // namespace coderules
