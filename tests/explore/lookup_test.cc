// LookupCode and FormatLookup on a small pack of every code system.
#include "coderules/lookup.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace coderules::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// ICD-10-CM from FY2016 to the end of FY2021 (latest change 2021-01-01).
constexpr char kCm[] =
    "code\teffective_from\teffective_to_exclusive\n"
    "C61\t2015-10-01\t\n"
    "E11610\t2015-10-01\t\n"
    "E11618\t2015-10-01\t\n"
    "I10\t2015-10-01\t\n"
    "J1282\t2021-01-01\t\n"
    "S72001A\t2015-10-01\t\n";

constexpr char kPcs[] =
    "code\teffective_from\teffective_to_exclusive\n"
    "0DTJ4ZZ\t2015-10-01\t\n"
    "0VT04ZZ\t2015-10-01\t\n";

constexpr char kLists[] =
    "list\tcode_type\tmce_flag\tcode\teffective_from\teffective_to_exclusive\n"
    "SEX_MALE\tDX\tmale\tC61\t2015-10-01\t2024-10-01\n"
    "SEX_MALE\tPX\tmale\t0VT04ZZ\t2015-10-01\t2024-10-01\n";

constexpr char kRules[] = R"pb(
  source: "lookup-test"
  version: "1"
  ptp_practitioner {
    column1: "11111"
    column2: "22222"
    effective_date: "2020-01-01"
    modifier_indicator: "0"
  }
  ptp_practitioner {
    column1: "11111"
    column2: "33333"
    effective_date: "2020-01-01"
    deletion_date: "2021-01-01"
    modifier_indicator: "1"
  }
  ptp_practitioner {
    column1: "11111"
    column2: "33333"
    effective_date: "2021-01-01"
    modifier_indicator: "0"
  }
  ptp_practitioner {
    column1: "44444"
    column2: "11111"
    effective_date: "2020-01-01"
    modifier_indicator: "1"
  }
  ptp_practitioner {
    column1: "11111"
    column2: "55555"
    effective_date: "2020-01-01"
    modifier_indicator: "9"
  }
  ptp_facility {
    column1: "11111"
    column2: "22222"
    effective_date: "2020-01-01"
    modifier_indicator: "0"
  }
  mue_practitioner {
    code: "11111"
    value: 2
    mai: 1
    rationale: "Clinical: Data"
    effective_date: "2020-01-01"
    end_date: "2021-01-01"
  }
  mue_practitioner {
    code: "11111"
    value: 3
    mai: 3
    rationale: "Clinical: Data"
    effective_date: "2021-01-01"
  }
  mue_facility { code: "11111" value: 1 mai: 2 rationale: "CMS Policy" }
  mue_practitioner { code: "E1161" value: 1 mai: 2 rationale: "CMS Policy" }
  add_on { add_on: "99292" primary: "99291" type: 1 effective_date: "2013-04-01" }
  add_on { add_on: "20930" primary: "CCCCC" type: 2 effective_date: "2013-04-01" }
  modifiers { code: "59" }
  modifiers { code: "XE" title: "Separate encounter" effective_date: "2015-01-01" }
  places_of_service { code: "11" name: "Office" }
  places_of_service {
    code: "10"
    name: "Telehealth Provided in Patient's Home"
    effective_date: "2022-01-01"
  }
)pb";

class LookupTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pack_ = new std::shared_ptr<const RulePack>(
        PackOf({{SourceKind::kIcd10Validity, "icd10cm_validity.tsv", kCm},
                {SourceKind::kIcd10Validity, "icd10pcs_validity.tsv", kPcs},
                {SourceKind::kMceLists, "code_lists.tsv", kLists},
                {SourceKind::kRules, "lookup.textproto", kRules}},
               "lookup-test"));
  }
  static void TearDownTestSuite() {
    delete pack_;
    pack_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(*pack_, nullptr); }

  // The single match of `code`.
  static v1::CodeInfo One(const std::string& code, const std::string& date = "") {
    absl::StatusOr<v1::LookupResult> result = LookupCode(**pack_, code, date);
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return {};
    EXPECT_EQ(result->matches_size(), 1) << result->DebugString();
    return result->matches_size() == 0 ? v1::CodeInfo() : result->matches(0);
  }

  static v1::CodeInfo::DateStatus On(const std::string& code, const std::string& date) {
    return One(code, date).on_date();
  }

  static std::shared_ptr<const RulePack>* pack_;
};

std::shared_ptr<const RulePack>* LookupTest::pack_ = nullptr;

std::vector<std::string> Windows(const v1::CodeInfo& info) {
  std::vector<std::string> out;
  for (const v1::Validity& v : info.validity()) {
    out.push_back(absl::StrCat(v.window().effective(), "..", v.window().end(),
                               v.billable() ? "" : " header"));
  }
  return out;
}

// --- ICD-10-CM ---------------------------------------------------------------------------------

TEST_F(LookupTest, Icd10CmCode) {
  const v1::CodeInfo i10 = One(" i10 ");
  EXPECT_EQ(i10.system(), v1::ICD10CM);
  EXPECT_EQ(i10.code(), "I10");
  EXPECT_TRUE(i10.known());
  EXPECT_EQ(i10.on_date(), v1::CodeInfo::DATE_STATUS_UNSPECIFIED);
  EXPECT_THAT(Windows(i10), ElementsAre("2015-10-01.."));
  // With or without the dot, in any case.
  for (const char* code : {"S72.001A", "s72001a", "S72001A"}) {
    const v1::CodeInfo s = One(code);
    EXPECT_EQ(s.code(), "S72.001A") << code;
    EXPECT_EQ(s.system(), v1::ICD10CM) << code;
  }
}

TEST_F(LookupTest, Icd10CmHeadersAreDerived) {
  const v1::CodeInfo header = One("E11.6");
  EXPECT_TRUE(header.known());
  EXPECT_THAT(Windows(header), ElementsAre("2015-10-01.. header"));
  EXPECT_EQ(On("E116", "2020-06-15"), v1::CodeInfo::HEADER);
  EXPECT_EQ(On("E11", "2020-06-15"), v1::CodeInfo::HEADER);
  EXPECT_EQ(On("S72.001", "2020-06-15"), v1::CodeInfo::HEADER);
}

TEST_F(LookupTest, Icd10CmDateStatus) {
  // J12.82 from 2021-01-01; the pack lists ICD-10-CM whole from 2015-10-01 to 2021-09-30.
  EXPECT_EQ(On("J12.82", "2021-01-01"), v1::CodeInfo::BILLABLE);
  EXPECT_EQ(On("J12.82", "2020-12-31"), v1::CodeInfo::NOT_VALID);
  EXPECT_EQ(On("J12.82", "2015-09-30"), v1::CodeInfo::CANNOT_TELL);
  EXPECT_EQ(On("J12.82", "2030-01-01"), v1::CodeInfo::BILLABLE);
  // A code the pack does not hold.
  const v1::CodeInfo unknown = One("J12.89", "2021-09-30");
  EXPECT_FALSE(unknown.known());
  EXPECT_EQ(unknown.code(), "J12.89");
  EXPECT_EQ(unknown.on_date(), v1::CodeInfo::NOT_VALID);
  EXPECT_THAT(unknown.validity(), IsEmpty());
  EXPECT_EQ(On("J12.89", "2021-10-01"), v1::CodeInfo::CANNOT_TELL);
}

TEST_F(LookupTest, MceLists) {
  v1::CodeInfo c61 = One("C61");
  ASSERT_EQ(c61.lists_size(), 1);
  EXPECT_EQ(c61.lists(0).list(), "SEX_MALE");
  EXPECT_EQ(c61.lists(0).window().effective(), "2015-10-01");
  EXPECT_EQ(c61.lists(0).window().end(), "2024-10-01");
  EXPECT_EQ(One("C61", "2024-09-30").lists_size(), 1);
  EXPECT_EQ(One("C61", "2024-10-01").lists_size(), 0);
  const v1::CodeInfo px = One("0VT04ZZ", "2020-01-01");
  EXPECT_EQ(px.system(), v1::ICD10PCS);
  ASSERT_EQ(px.lists_size(), 1);
  EXPECT_EQ(px.lists(0).list(), "SEX_MALE");
}

TEST_F(LookupTest, Icd10Pcs) {
  const v1::CodeInfo pcs = One("0dtj4zz", "2020-06-15");
  EXPECT_EQ(pcs.system(), v1::ICD10PCS);
  EXPECT_EQ(pcs.code(), "0DTJ4ZZ");
  EXPECT_TRUE(pcs.known());
  EXPECT_EQ(pcs.on_date(), v1::CodeInfo::BILLABLE);
  EXPECT_THAT(Windows(pcs), ElementsAre("2015-10-01.."));
  // The PCS file's latest change is in FY2016: it speaks for 2015-10-01 to 2016-09-30.
  EXPECT_EQ(On("0DTJ0ZZ", "2016-09-30"), v1::CodeInfo::NOT_VALID);
  EXPECT_EQ(On("0DTJ0ZZ", "2016-10-01"), v1::CodeInfo::CANNOT_TELL);
  EXPECT_EQ(On("0DTJ4ZZ", "2015-09-30"), v1::CodeInfo::CANNOT_TELL);
}

// --- CPT and HCPCS -----------------------------------------------------------------------------

TEST_F(LookupTest, CptCodeWithItsEdits) {
  const v1::CodeInfo cpt = One("11111");
  EXPECT_EQ(cpt.system(), v1::CPT);
  EXPECT_TRUE(cpt.known());
  ASSERT_EQ(cpt.ptp_size(), 2);
  const v1::PtpSummary& practitioner = cpt.ptp(0);
  EXPECT_EQ(practitioner.table(), "practitioner");
  EXPECT_EQ(practitioner.as_column2_indicator0(), 0);
  EXPECT_EQ(practitioner.as_column2_indicator1(), 1);  // 44444
  EXPECT_EQ(practitioner.as_column2_indicator9(), 0);
  // 22222 (0), 33333 (1, then 0: counted under both), 55555 (9).
  EXPECT_EQ(practitioner.as_column1_indicator0(), 2);
  EXPECT_EQ(practitioner.as_column1_indicator1(), 1);
  EXPECT_EQ(practitioner.as_column1_indicator9(), 1);
  EXPECT_EQ(cpt.ptp(1).table(), "outpatient_hospital");
  EXPECT_EQ(cpt.ptp(1).as_column1_indicator0(), 1);
  EXPECT_EQ(cpt.ptp(1).as_column2_indicator1(), 0);
  ASSERT_EQ(cpt.mue_size(), 3);
  EXPECT_EQ(cpt.mue(0).table(), "practitioner");
  EXPECT_EQ(cpt.mue(0).value(), 2);
  EXPECT_EQ(cpt.mue(0).mai(), 1);
  EXPECT_EQ(cpt.mue(0).rationale(), "Clinical: Data");
  EXPECT_EQ(cpt.mue(0).window().end(), "2021-01-01");
  EXPECT_EQ(cpt.mue(1).value(), 3);
  EXPECT_EQ(cpt.mue(2).table(), "outpatient_hospital");
  EXPECT_EQ(cpt.mue(2).mai(), 2);
  EXPECT_THAT(cpt.validity(), IsEmpty());
}

TEST_F(LookupTest, CptOnADate) {
  const v1::CodeInfo cpt = One("11111", "2020-06-15");
  // The pack holds no CPT code list: never judged.
  EXPECT_EQ(cpt.on_date(), v1::CodeInfo::CANNOT_TELL);
  ASSERT_EQ(cpt.ptp_size(), 2);
  EXPECT_EQ(cpt.ptp(0).as_column1_indicator0(), 1);  // 22222
  EXPECT_EQ(cpt.ptp(0).as_column1_indicator1(), 1);  // 33333 in 2020
  ASSERT_EQ(cpt.mue_size(), 2);
  EXPECT_EQ(cpt.mue(0).value(), 2);
  EXPECT_EQ(cpt.mue(1).table(), "outpatient_hospital");
  // Before any edit: known, with nothing in effect.
  const v1::CodeInfo early = One("11111", "2019-12-31");
  EXPECT_TRUE(early.known());
  EXPECT_THAT(early.ptp(), IsEmpty());
  ASSERT_EQ(early.mue_size(), 1);  // the facility value has no window
}

TEST_F(LookupTest, AddOnCodesAndPrimaries) {
  const v1::CodeInfo add_on = One("99292");
  ASSERT_EQ(add_on.add_on_primaries_size(), 1);
  EXPECT_EQ(add_on.add_on_primaries(0).add_on(), "99292");
  EXPECT_EQ(add_on.add_on_primaries(0).primary(), "99291");
  EXPECT_EQ(add_on.add_on_primaries(0).type(), 1);
  EXPECT_EQ(add_on.add_on_primaries(0).window().effective(), "2013-04-01");
  EXPECT_THAT(add_on.add_ons(), IsEmpty());
  // A primary is known through the add-on rows that name it.
  const v1::CodeInfo primary = One("99291");
  EXPECT_TRUE(primary.known());
  ASSERT_EQ(primary.add_ons_size(), 1);
  EXPECT_EQ(primary.add_ons(0).add_on(), "99292");
  EXPECT_EQ(primary.add_ons(0).primary(), "99291");
  // Contractor-defined primaries: no primary named.
  const v1::CodeInfo contractor = One("20930");
  ASSERT_EQ(contractor.add_on_primaries_size(), 1);
  EXPECT_EQ(contractor.add_on_primaries(0).primary(), "");
  EXPECT_EQ(contractor.add_on_primaries(0).type(), 2);
  EXPECT_FALSE(One("99999").known());
  EXPECT_EQ(One("99999").system(), v1::CPT);
}

TEST_F(LookupTest, TextOfSeveralSystems) {
  // "E1161": HCPCS E1161 (it has an MUE) and ICD-10-CM E11.61 (a header): both known.
  absl::StatusOr<v1::LookupResult> both = LookupCode(**pack_, "E1161", "2020-06-15");
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->query(), "E1161");
  EXPECT_EQ(both->date(), "2020-06-15");
  ASSERT_EQ(both->matches_size(), 2);
  EXPECT_EQ(both->matches(0).system(), v1::ICD10CM);
  EXPECT_EQ(both->matches(0).code(), "E11.61");
  EXPECT_EQ(both->matches(0).on_date(), v1::CodeInfo::HEADER);
  EXPECT_EQ(both->matches(1).system(), v1::HCPCS);
  EXPECT_EQ(both->matches(1).code(), "E1161");
  EXPECT_EQ(both->matches(1).mue_size(), 1);
  // HCPCS without a HCPCS code list: not judged.
  EXPECT_EQ(both->matches(1).on_date(), v1::CodeInfo::CANNOT_TELL);
  // The dot says ICD-10-CM.
  EXPECT_EQ(One("E11.61").system(), v1::ICD10CM);
  // Known in one system only: that one.
  EXPECT_EQ(One("I10").system(), v1::ICD10CM);
  // Known in none: every system the shape fits.
  absl::StatusOr<v1::LookupResult> neither = LookupCode(**pack_, "E1199", "");
  ASSERT_TRUE(neither.ok());
  ASSERT_EQ(neither->matches_size(), 2);
  EXPECT_EQ(neither->matches(0).code(), "E11.99");
  EXPECT_FALSE(neither->matches(0).known());
  EXPECT_EQ(neither->matches(1).code(), "E1199");
  EXPECT_EQ(neither->matches(1).system(), v1::HCPCS);
  EXPECT_FALSE(neither->matches(1).known());
  // Seven characters: ICD-10-CM and ICD-10-PCS.
  absl::StatusOr<v1::LookupResult> seven = LookupCode(**pack_, "X99999X", "");
  ASSERT_TRUE(seven.ok());
  ASSERT_EQ(seven->matches_size(), 2);
  EXPECT_EQ(seven->matches(0).system(), v1::ICD10CM);
  EXPECT_EQ(seven->matches(1).system(), v1::ICD10PCS);
}

// --- modifiers and places of service -----------------------------------------------------------

TEST_F(LookupTest, Modifier) {
  const v1::CodeInfo xe = One("xe");
  EXPECT_EQ(xe.system(), v1::MODIFIER);
  EXPECT_EQ(xe.code(), "XE");
  EXPECT_TRUE(xe.known());
  EXPECT_EQ(xe.description(), "Separate encounter");
  EXPECT_THAT(Windows(xe), ElementsAre("2015-01-01.."));
  // No source lists every modifier: outside its window the pack cannot tell.
  EXPECT_EQ(On("XE", "2014-12-31"), v1::CodeInfo::CANNOT_TELL);
  EXPECT_EQ(One("XE", "2014-12-31").description(), "");
  EXPECT_EQ(On("XE", "2015-01-01"), v1::CodeInfo::BILLABLE);
  // "59" could be a place of service, but the pack knows only the modifier.
  const v1::CodeInfo m59 = One("59", "2020-01-01");
  EXPECT_EQ(m59.system(), v1::MODIFIER);
  EXPECT_EQ(m59.on_date(), v1::CodeInfo::BILLABLE);
  EXPECT_EQ(m59.description(), "");
}

TEST_F(LookupTest, PlaceOfService) {
  const v1::CodeInfo office = One("11");
  EXPECT_EQ(office.system(), v1::PLACE_OF_SERVICE);
  EXPECT_EQ(office.code(), "11");
  EXPECT_EQ(office.description(), "Office");
  EXPECT_EQ(On("10", "2021-12-31"), v1::CodeInfo::CANNOT_TELL);
  EXPECT_EQ(On("10", "2022-01-01"), v1::CodeInfo::BILLABLE);
  EXPECT_EQ(One("10", "2022-01-01").description(), "Telehealth Provided in Patient's Home");
}

// --- errors ------------------------------------------------------------------------------------

TEST_F(LookupTest, RefusesTextOfNoCodeShape) {
  for (const char* text : {"", "  ", "1234", "S7.2", "E11.61.1", "ABCDEFGH", "99213-25", "1"}) {
    const absl::StatusOr<v1::LookupResult> result = LookupCode(**pack_, text, "");
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_THAT(result.status().message(), HasSubstr("not the shape of")) << text;
  }
}

TEST_F(LookupTest, RefusesADateThatIsNoDate) {
  for (const char* date : {"2020-02-30", "20200101", "2020-1-1", "yesterday", " 2020-01-01"}) {
    const absl::StatusOr<v1::LookupResult> result = LookupCode(**pack_, "I10", date);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << date;
    EXPECT_THAT(result.status().message(), HasSubstr("YYYY-MM-DD")) << date;
  }
}

// --- text --------------------------------------------------------------------------------------

TEST_F(LookupTest, FormatsAnIcd10CmAnswer) {
  absl::StatusOr<v1::LookupResult> result = LookupCode(**pack_, "C61", "2020-06-15");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(FormatLookup(*result),
            "C61  ICD-10-CM\n"
            "  On 2020-06-15: valid\n"
            "  Valid from 2015-10-01\n"
            "  MCE list SEX_MALE (2015-10-01 to 2024-09-30)\n");
  result = LookupCode(**pack_, "E1161", "2021-10-01");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(FormatLookup(*result),
            "E11.61  ICD-10-CM\n"
            "  On 2021-10-01: a header, not billable (report a code under it)\n"
            "  Valid from 2015-10-01 (header)\n"
            "\n"
            "E1161  HCPCS Level II\n"
            "  On 2021-10-01: not judged (the pack does not list this code set then)\n"
            "  MUE practitioner: 1 units, MAI 2, CMS Policy (always)\n");
  result = LookupCode(**pack_, "J12.89", "2021-01-01");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(FormatLookup(*result),
            "J12.89  ICD-10-CM  (not in this pack)\n"
            "  On 2021-01-01: NOT valid\n");
}

}  // namespace
}  // namespace coderules::testing
