// The MCE importers (--icd10-validity, --mce-lists) on small files in the mce-v43 layouts.
#include <string>
#include <vector>

#include "coderules/code.h"
#include "coderules/lookup.h"
#include "coderules/rule_pack.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/import/code_sets.h"
#include "src/internal/date.h"
#include "tests/test_util.h"

namespace coderules {
namespace {

using internal::Day;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kValidityHeader[] = "code\teffective_from\teffective_to_exclusive\n";

Day D(const char* iso) { return *internal::ParseIsoDate(iso); }

struct Imported {
  absl::Status status;
  internal::Staged staged;
  ImportReport report;
};

Imported Validity(const std::string& contents, const std::string& name = "validity.tsv") {
  Imported out;
  out.report.file = name;
  out.status = internal::ImportIcd10Validity(contents, &out.staged, &out.report);
  return out;
}

Imported Lists(const std::string& contents) {
  Imported out;
  out.report.file = "code_lists.tsv";
  out.status = internal::ImportMceLists(contents, &out.staged, &out.report);
  return out;
}

std::vector<std::string> Rejected(const ImportReport& report) {
  std::vector<std::string> out;
  for (const RejectedRow& r : report.rejected) out.push_back(absl::StrCat(r.line, ": ", r.reason));
  return out;
}

TEST(MceValidityTest, ReadsIcd10CmWindows) {
  const Imported cm = Validity(absl::StrCat(kValidityHeader,
                                            "A000\t2015-10-01\t\n"
                                            "A047\t2015-10-01\t2017-10-01\n"
                                            "J1282\t2021-01-01\t\n"));
  ASSERT_TRUE(cm.status.ok()) << cm.status;
  EXPECT_EQ(cm.report.rows_read, 3);
  EXPECT_EQ(cm.report.rows_accepted, 3);
  EXPECT_EQ(cm.report.rows_rejected, 0);
  EXPECT_THAT(cm.staged.icd10pcs_validity, IsEmpty());
  ASSERT_THAT(cm.staged.icd10cm_validity, SizeIs(3));
  const internal::StagedIcdValidity& a047 = cm.staged.icd10cm_validity[1];
  EXPECT_EQ(a047.code, *PackIcd10Cm("A047"));
  EXPECT_EQ(a047.effective, D("2015-10-01"));
  EXPECT_EQ(a047.end, D("2017-10-01"));
  EXPECT_TRUE(a047.billable);
  EXPECT_EQ(cm.staged.icd10cm_validity[0].end, internal::kForever);
  // From the first window to the end of the fiscal year of the latest change (FY2021).
  ASSERT_THAT(cm.staged.coverage, SizeIs(1));
  EXPECT_EQ(cm.staged.coverage[0].system, internal::CodeSystem::kIcd10Cm);
  EXPECT_EQ(cm.staged.coverage[0].effective, D("2015-10-01"));
  EXPECT_EQ(cm.staged.coverage[0].end, D("2021-10-01"));
}

TEST(MceValidityTest, ReadsIcd10PcsWindows) {
  const Imported pcs = Validity(absl::StrCat(kValidityHeader,
                                             "0016070\t2015-10-01\t\n"
                                             "0370046\t2016-10-01\t2019-10-01\n"
                                             "XW033E5\t2020-08-01\t\n"));
  ASSERT_TRUE(pcs.status.ok()) << pcs.status;
  EXPECT_EQ(pcs.report.rows_accepted, 3);
  EXPECT_THAT(pcs.staged.icd10cm_validity, IsEmpty());
  ASSERT_THAT(pcs.staged.icd10pcs_validity, SizeIs(3));
  EXPECT_EQ(pcs.staged.icd10pcs_validity[2].code, *PackIcd10Pcs("XW033E5"));
  ASSERT_THAT(pcs.staged.coverage, SizeIs(1));
  EXPECT_EQ(pcs.staged.coverage[0].system, internal::CodeSystem::kIcd10Pcs);
  EXPECT_EQ(pcs.staged.coverage[0].effective, D("2015-10-01"));
  // The latest change, 2020-08-01, is in FY2020.
  EXPECT_EQ(pcs.staged.coverage[0].end, D("2020-10-01"));
}

TEST(MceValidityTest, CoverageEndsWithTheFiscalYearOfTheLatestChange) {
  // A change on October 1 opens a fiscal year; one on September 30 is the last day of one.
  EXPECT_EQ(Validity(absl::StrCat(kValidityHeader, "A000\t2015-10-01\t\n")).staged.coverage[0].end,
            D("2016-10-01"));
  EXPECT_EQ(Validity(absl::StrCat(kValidityHeader, "A000\t2015-10-01\t\nA001\t2016-09-30\t\n"))
                .staged.coverage[0]
                .end,
            D("2016-10-01"));
  EXPECT_EQ(Validity(absl::StrCat(kValidityHeader, "A000\t2015-10-01\t\nA001\t2016-10-01\t\n"))
                .staged.coverage[0]
                .end,
            D("2017-10-01"));
  // Nothing read, nothing covered.
  const Imported empty = Validity(kValidityHeader);
  ASSERT_TRUE(empty.status.ok());
  EXPECT_EQ(empty.report.rows_read, 0);
  EXPECT_THAT(empty.staged.coverage, IsEmpty());
}

TEST(MceValidityTest, TellsCmFromPcsByTheCodes) {
  // Only ICD-10-CM codes are shorter than 7 characters; only ICD-10-PCS codes start with a digit.
  const Imported cm = Validity(absl::StrCat(kValidityHeader,
                                            "S72001A\t2015-10-01\t\n"
                                            "I10\t2015-10-01\t\n"
                                            "W2189XA\t2015-10-01\t\n"));
  ASSERT_TRUE(cm.status.ok()) << cm.status;
  EXPECT_THAT(cm.staged.icd10cm_validity, SizeIs(3));
  EXPECT_THAT(cm.staged.icd10pcs_validity, IsEmpty());
  // A stray short row in a PCS file is one rejected row, not a file read as ICD-10-CM.
  const Imported pcs = Validity(absl::StrCat(kValidityHeader,
                                             "0016070\t2015-10-01\t\n"
                                             "0DTJ4ZZ\t2015-10-01\t\n"
                                             "B020ZZZ\t2015-10-01\t\n"
                                             "A00\t2015-10-01\t\n"));  // line 5
  ASSERT_TRUE(pcs.status.ok()) << pcs.status;
  EXPECT_THAT(pcs.staged.icd10pcs_validity, SizeIs(3));
  EXPECT_THAT(pcs.staged.icd10cm_validity, IsEmpty());
  EXPECT_THAT(Rejected(pcs.report), ElementsAre("5: 'A00' is not an ICD-10-PCS code"));
  // Seven-character codes that all start with a letter could be either: the file is refused
  // rather than read as the wrong system.
  const Imported either =
      Validity(absl::StrCat(kValidityHeader, "S72001A\t2015-10-01\t\n"), "subset.tsv");
  EXPECT_EQ(either.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(either.status.message(), HasSubstr("subset.tsv"));
  EXPECT_THAT(either.status.message(), HasSubstr("ICD-10-CM or ICD-10-PCS"));
}

TEST(MceValidityTest, RejectsBadRowsWithTheirLines) {
  const Imported cm = Validity(absl::StrCat(kValidityHeader,
                                            "A000\t2015-10-01\t\n"            // line 2
                                            "A1\t2015-10-01\t\n"              // line 3
                                            "A001\t2015-13-01\t\n"            // line 4
                                            "A002\t2015-10-01\t2015-10-01\n"  // line 5
                                            "A003\t2015-10-01\tsoon\n"        // line 6
                                            "A004\t2015-10-01\n"              // line 7
                                            "\n"                              // line 8
                                            "1234\t2015-10-01\t\n"            // line 9
                                            "A005\t2016-10-01\t2016-04-01\n"  // line 10
                                            "A006\t2015-10-01\t\textra\n"));  // line 11
  ASSERT_TRUE(cm.status.ok()) << cm.status;
  EXPECT_EQ(cm.report.rows_read, 9);
  EXPECT_EQ(cm.report.rows_accepted, 1);
  EXPECT_EQ(cm.report.rows_rejected, 8);
  EXPECT_THAT(Rejected(cm.report),
              ElementsAre("3: 'A1' is not an ICD-10-CM code",
                          "4: effective_from '2015-13-01' is not a date",
                          "5: the window ends before it starts",
                          "6: effective_to_exclusive 'soon' is not a date",
                          "7: 2 fields, expected 3", "9: '1234' is not an ICD-10-CM code",
                          "10: the window ends before it starts", "11: 4 fields, expected 3"));
  ASSERT_THAT(cm.staged.icd10cm_validity, SizeIs(1));
  // Rejected rows do not widen the coverage.
  EXPECT_EQ(cm.staged.coverage[0].end, D("2016-10-01"));
}

TEST(MceValidityTest, RefusesAFileWithoutTheHeader) {
  for (const char* contents :
       {"", "A000\t2015-10-01\t\n", "code\teffective_from\n",
        "list\tcode_type\tmce_flag\tcode\teffective_from\teffective_to_exclusive\n"}) {
    const Imported bad = Validity(contents, "icd10cm_validity.tsv");
    EXPECT_EQ(bad.status.code(), absl::StatusCode::kInvalidArgument) << contents;
    EXPECT_THAT(bad.status.message(), HasSubstr("icd10cm_validity.tsv: the first line is not"));
    EXPECT_THAT(bad.staged.icd10cm_validity, IsEmpty());
    EXPECT_THAT(bad.staged.coverage, IsEmpty());
  }
}

constexpr char kListsHeader[] =
    "list\tcode_type\tmce_flag\tcode\teffective_from\teffective_to_exclusive\n";

TEST(MceListsTest, ReadsMemberships) {
  const Imported lists = Lists(absl::StrCat(kListsHeader,
                                            "SEX_MALE\tDX\tmale\tC61\t2015-10-01\t2024-10-01\n"
                                            "QUESTIONABLE_ADMISSION\tDX\tqadm\tI10\t2015-10-01\t\n"
                                            "SEX_MALE\tPX\tmale\t0VT04ZZ\t2015-10-01\t2024-10-01\n"
                                            "SEX_MALE\tDX\tmale\tN400\t2015-10-01\t2024-10-01\n"));
  ASSERT_TRUE(lists.status.ok()) << lists.status;
  EXPECT_EQ(lists.report.rows_accepted, 4);
  // Each list name once.
  EXPECT_THAT(lists.staged.texts, ElementsAre("SEX_MALE", "QUESTIONABLE_ADMISSION"));
  ASSERT_THAT(lists.staged.icd10cm_lists, SizeIs(3));
  ASSERT_THAT(lists.staged.icd10pcs_lists, SizeIs(1));
  const internal::StagedListMembership& c61 = lists.staged.icd10cm_lists[0];
  EXPECT_EQ(c61.code, *PackIcd10Cm("C61"));
  EXPECT_EQ(c61.list, 0u);
  EXPECT_EQ(c61.effective, D("2015-10-01"));
  EXPECT_EQ(c61.end, D("2024-10-01"));
  EXPECT_EQ(lists.staged.icd10cm_lists[1].list, 1u);
  EXPECT_EQ(lists.staged.icd10cm_lists[1].end, internal::kForever);
  EXPECT_EQ(lists.staged.icd10cm_lists[2].list, 0u);
  EXPECT_EQ(lists.staged.icd10pcs_lists[0].code, *PackIcd10Pcs("0VT04ZZ"));
  // Lists say nothing about which codes exist.
  EXPECT_THAT(lists.staged.coverage, IsEmpty());
}

TEST(MceListsTest, RejectsBadRowsWithTheirLines) {
  const Imported lists = Lists(absl::StrCat(kListsHeader,
                                            "SEX_MALE\tDX\tmale\tC61\t2015-10-01\t2024-10-01\n"
                                            "SEX_MALE\tXX\tmale\tC61\t2015-10-01\t\n"      // 3
                                            "SEX_MALE\tDX\tmale\t0VT04ZZ\t2015-10-01\t\n"  // 4
                                            "SEX_MALE\tPX\tmale\tC61\t2015-10-01\t\n"      // 5
                                            "\tDX\tmale\tC61\t2015-10-01\t\n"              // 6
                                            "SEX_MALE\tDX\tmale\tC61\t2024-10-01\t2015-10-01\n"
                                            "SEX_MALE\tDX\tmale\tC61\n"));  // 8
  ASSERT_TRUE(lists.status.ok()) << lists.status;
  EXPECT_EQ(lists.report.rows_read, 7);
  EXPECT_EQ(lists.report.rows_accepted, 1);
  EXPECT_THAT(
      Rejected(lists.report),
      ElementsAre("3: code_type 'XX' is not DX or PX", "4: '0VT04ZZ' is not an ICD-10-CM code",
                  "5: 'C61' is not an ICD-10-PCS code", "6: the list name is empty",
                  "7: the window ends before it starts", "8: 4 fields, expected 6"));
  EXPECT_THAT(lists.staged.icd10cm_lists, SizeIs(1));
  // Only accepted rows name lists.
  EXPECT_THAT(lists.staged.texts, ElementsAre("SEX_MALE"));
}

TEST(MceListsTest, RefusesAValidityFile) {
  const Imported bad = Lists(absl::StrCat(kValidityHeader, "A000\t2015-10-01\t\n"));
  EXPECT_EQ(bad.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status.message(), HasSubstr("code_lists.tsv: the first line is not"));
}

// Through the builder: the report, and what a pack made of both files answers.
TEST(MceImportTest, CompilesIntoAPack) {
  PackBuilder builder("mce-test");
  absl::StatusOr<ImportReport> validity = builder.AddContents(
      SourceKind::kIcd10Validity, "icd10cm_validity.tsv",
      absl::StrCat(kValidityHeader, "C61\t2015-10-01\t\nI10\t2015-10-01\t\n1X\t2015-10-01\t\n"));
  ASSERT_TRUE(validity.ok()) << validity.status();
  EXPECT_EQ(validity->kind, SourceKind::kIcd10Validity);
  EXPECT_EQ(validity->rows_accepted, 2);
  EXPECT_THAT(Rejected(*validity), ElementsAre("4: '1X' is not an ICD-10-CM code"));
  absl::StatusOr<ImportReport> lists = builder.AddContents(
      SourceKind::kDetect, "code_lists.tsv",
      absl::StrCat(kListsHeader, "SEX_MALE\tDX\tmale\tC61\t2015-10-01\t2024-10-01\n"));
  ASSERT_TRUE(lists.ok()) << lists.status();
  EXPECT_EQ(lists->kind, SourceKind::kMceLists);
  // A file refused as a whole adds nothing.
  EXPECT_FALSE(builder.AddContents(SourceKind::kIcd10Validity, "x.tsv", "no header\n").ok());
  const std::shared_ptr<const RulePack> pack = testing::PackOfBuilder(std::move(builder));
  ASSERT_NE(pack, nullptr);
  const v1::PackInfo& info = pack->info();
  ASSERT_EQ(info.sources_size(), 2);
  EXPECT_EQ(info.sources(0).kind(), "icd10-validity");
  EXPECT_EQ(info.sources(0).rows_read(), 3);
  EXPECT_EQ(info.sources(0).rows_rejected(), 1);
  EXPECT_EQ(info.sources(1).kind(), "mce-lists");

  absl::StatusOr<v1::LookupResult> c61 = LookupCode(*pack, "C61", "2024-09-30");
  ASSERT_TRUE(c61.ok()) << c61.status();
  ASSERT_EQ(c61->matches_size(), 1);
  EXPECT_EQ(c61->matches(0).on_date(), v1::CodeInfo::BILLABLE);
  ASSERT_EQ(c61->matches(0).lists_size(), 1);
  EXPECT_EQ(c61->matches(0).lists(0).list(), "SEX_MALE");
  c61 = LookupCode(*pack, "C61", "2024-10-01");
  ASSERT_TRUE(c61.ok());
  EXPECT_EQ(c61->matches(0).lists_size(), 0);
}

}  // namespace
}  // namespace coderules
