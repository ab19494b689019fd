// Code-set edits: DX_INVALID, DX_NOT_BILLABLE, CODE_INVALID (ICD-10-PCS) and MODIFIER_INVALID,
// on small packs compiled from hand-written MCE validity files and rule sets.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "tests/rules/engine_fixture.h"

namespace coderules::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// ICD-10-CM windows (MCE layout). The latest change is 2021-01-01, so the file speaks for
// 2015-10-01 to the end of FY2021 (2021-09-30).
constexpr char kCm[] =
    "code\teffective_from\teffective_to_exclusive\n"
    "A047\t2015-10-01\t2017-10-01\n"
    "A0471\t2017-10-01\t\n"
    "A0472\t2017-10-01\t\n"
    "C4311\t2015-10-01\t2018-10-01\n"
    "I10\t2015-10-01\t\n"
    "J1282\t2021-01-01\t\n"
    "S72001A\t2015-10-01\t\n"
    "S72001D\t2015-10-01\t\n"
    "S72001S\t2015-10-01\t\n"
    "S72009A\t2015-10-01\t\n"
    "U071\t2020-04-01\t\n"
    "W2189XA\t2015-10-01\t\n"
    "W2189XD\t2015-10-01\t\n";

// ICD-10-PCS windows: the file speaks for 2015-10-01 to the end of FY2020 (2020-09-30).
constexpr char kPcs[] =
    "code\teffective_from\teffective_to_exclusive\n"
    "0DTJ4ZZ\t2015-10-01\t\n"
    "0370046\t2016-10-01\t2019-10-01\n"
    "XW033E5\t2020-08-01\t\n";

constexpr char kModifiers[] = R"pb(
  source: "modifiers-test"
  version: "1"
  modifiers { code: "59" }
  modifiers { code: "XE" title: "Separate encounter" effective_date: "2015-01-01" }
)pb";

class CodeSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pack_ = PackOf({{SourceKind::kIcd10Validity, "icd10cm_validity.tsv", kCm},
                    {SourceKind::kIcd10Validity, "icd10pcs_validity.tsv", kPcs},
                    {SourceKind::kRules, "modifiers.textproto", kModifiers}},
                   "code-sets-test");
    ASSERT_NE(pack_, nullptr);
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(pack_);
    ASSERT_TRUE(engine.ok()) << engine.status();
    engine_ = *std::move(engine);
  }

  // A professional claim of one line on `dos` whose diagnosis is `code`.
  v1::CheckResult Diagnose(const std::string& code, const std::string& dos) {
    v1::Claim claim = MakeClaim({{"99213", dos}});
    claim.add_diagnoses()->set_code(code);
    claim.mutable_lines(0)->add_diagnosis_pointers(1);
    return engine_->Check(claim);
  }

  // The DX findings (DX_INVALID and DX_NOT_BILLABLE) of a one-diagnosis claim.
  std::vector<v1::Finding> Dx(const std::string& code, const std::string& dos) {
    const v1::CheckResult result = Diagnose(code, dos);
    std::vector<v1::Finding> out = Of(result, "DX_INVALID");
    for (const v1::Finding& f : Of(result, "DX_NOT_BILLABLE")) out.push_back(f);
    EXPECT_THAT(Of(result, "CLAIM_MALFORMED"), IsEmpty());
    return out;
  }

  // An inpatient claim discharged on `discharge` with one ICD-10-PCS procedure.
  v1::CheckResult Procedure(const std::string& code, const std::string& discharge,
                            const std::string& date = "") {
    v1::Claim claim = MakeClaim({}, v1::Claim::INPATIENT_FACILITY);
    claim.set_discharge_date(discharge);
    v1::Procedure* p = claim.add_procedures();
    p->set_code(code);
    p->set_date(date);
    return engine_->Check(claim);
  }

  std::shared_ptr<const RulePack> pack_;
  std::unique_ptr<Engine> engine_;
};

// --- DX_INVALID --------------------------------------------------------------------------------

TEST_F(CodeSetTest, ValidCodeWithOrWithoutDotInAnyCase) {
  for (const char* code : {"I10", "i10", " I10 ", "S72.001A", "S72001A", "s72.001a", "W21.89XA",
                           "w2189xa", "A04.71"}) {
    EXPECT_THAT(Dx(code, "2020-06-15"), IsEmpty()) << code;
  }
}

TEST_F(CodeSetTest, UnknownCodeInsideCoverageIsInvalid) {
  const std::vector<v1::Finding> dx = Dx("z99.99", "2020-06-15");
  ASSERT_THAT(dx, SizeIs(1));
  EXPECT_EQ(dx[0].edit(), "DX_INVALID");
  EXPECT_EQ(dx[0].severity(), v1::Finding::REJECT_CLAIM);
  EXPECT_EQ(dx[0].source_edit(), "INVALID_CODE");
  EXPECT_THAT(dx[0].diagnoses(), ElementsAre(1));
  EXPECT_THAT(Codes(dx[0]), ElementsAre("Z99.99"));
  EXPECT_THAT(dx[0].message(), HasSubstr("not a billable code in the ICD-10-CM code set"));
  EXPECT_FALSE(dx[0].fix().empty());
}

TEST_F(CodeSetTest, MalformedCodeIsInvalidWhateverTheDate) {
  for (const char* date : {"2020-06-15", "2024-01-01"}) {
    for (const char* code : {"12345", "I1", "S72.001AB", "S7.2001", "I10!"}) {
      const std::vector<v1::Finding> dx = Dx(code, date);
      ASSERT_THAT(dx, SizeIs(1)) << code;
      EXPECT_EQ(dx[0].edit(), "DX_INVALID");
      EXPECT_THAT(dx[0].codes(), IsEmpty()) << "the claim's text is not echoed";
      EXPECT_THAT(dx[0].message(), HasSubstr("is not an ICD-10-CM code"));
    }
  }
}

TEST_F(CodeSetTest, OutsideCoverageUnknownCodesAreNotJudged) {
  // Before the first window and after the end of FY2021 the pack cannot tell.
  EXPECT_THAT(Dx("Z99.99", "2015-09-30"), IsEmpty());
  EXPECT_THAT(Dx("Z99.99", "2021-10-01"), IsEmpty());
  // C43.11 ended 2018-10-01, but after FY2021 the pack does not know whether it came back.
  EXPECT_THAT(Dx("C43.11", "2021-10-01"), IsEmpty());
  // The last day of coverage is judged.
  ASSERT_THAT(Dx("Z99.99", "2021-09-30"), SizeIs(1));
  ASSERT_THAT(Dx("Z99.99", "2015-10-01"), SizeIs(1));
  // Open windows go on holding.
  EXPECT_THAT(Dx("I10", "2030-01-01"), IsEmpty());
}

TEST_F(CodeSetTest, WindowEdges) {
  // C43.11: [2015-10-01, 2018-10-01).
  EXPECT_THAT(Dx("C43.11", "2015-10-01"), IsEmpty());
  EXPECT_THAT(Dx("C43.11", "2018-09-30"), IsEmpty());
  std::vector<v1::Finding> dx = Dx("C43.11", "2018-10-01");
  ASSERT_THAT(dx, SizeIs(1));
  EXPECT_EQ(dx[0].edit(), "DX_INVALID");
  EXPECT_THAT(dx[0].message(), HasSubstr("it is valid 2015-10-01 to 2018-09-30."));
  // J12.82 from 2021-01-01 and U07.1 from 2020-04-01 (mid-year starts).
  dx = Dx("J12.82", "2020-12-31");
  ASSERT_THAT(dx, SizeIs(1));
  EXPECT_EQ(dx[0].edit(), "DX_INVALID");
  EXPECT_THAT(dx[0].message(), HasSubstr("it is valid from 2021-01-01."));
  EXPECT_THAT(Dx("J12.82", "2021-01-01"), IsEmpty());
  dx = Dx("U07.1", "2020-03-31");
  ASSERT_THAT(dx, SizeIs(1));
  EXPECT_EQ(dx[0].edit(), "DX_INVALID");
  EXPECT_THAT(Dx("U07.1", "2020-04-01"), IsEmpty());
}

// --- DX_NOT_BILLABLE ---------------------------------------------------------------------------

TEST_F(CodeSetTest, HeaderIsNotBillable) {
  std::vector<v1::Finding> dx = Dx("S72.00", "2020-06-15");
  ASSERT_THAT(dx, SizeIs(1));
  EXPECT_EQ(dx[0].edit(), "DX_NOT_BILLABLE");
  EXPECT_EQ(dx[0].severity(), v1::Finding::REJECT_CLAIM);
  EXPECT_THAT(Codes(dx[0]), ElementsAre("S72.00"));
  EXPECT_THAT(dx[0].message(), HasSubstr("is a category or subcategory header"));
  EXPECT_THAT(dx[0].message(), HasSubstr("S72.001A, S72.001D, S72.001S, S72.009A."));
  EXPECT_THAT(dx[0].fix(), HasSubstr("such as S72.001A."));
  // Every prefix of three or more characters is a header; "S7" is no code at all.
  for (const char* code : {"S72", "S72.0", "S72.001", "W21.89", "W21.89X"}) {
    dx = Dx(code, "2020-06-15");
    ASSERT_THAT(dx, SizeIs(1)) << code;
    EXPECT_EQ(dx[0].edit(), "DX_NOT_BILLABLE") << code;
  }
  dx = Dx("S7", "2020-06-15");
  ASSERT_THAT(dx, SizeIs(1));
  EXPECT_EQ(dx[0].edit(), "DX_INVALID");
}

TEST_F(CodeSetTest, SixCharacterHeaderNeedsASeventhCharacter) {
  const std::vector<v1::Finding> dx = Dx("S72.001", "2020-06-15");
  ASSERT_THAT(dx, SizeIs(1));
  EXPECT_EQ(dx[0].edit(), "DX_NOT_BILLABLE");
  EXPECT_THAT(dx[0].message(), HasSubstr("S72.001 needs a 7th character"));
}

TEST_F(CodeSetTest, CodeThatBecameAHeader) {
  // A04.7 was billable until FY2018 split it into A04.71 and A04.72.
  EXPECT_THAT(Dx("A04.7", "2017-09-30"), IsEmpty());
  const std::vector<v1::Finding> dx = Dx("A04.7", "2017-10-01");
  ASSERT_THAT(dx, SizeIs(1));
  EXPECT_EQ(dx[0].edit(), "DX_NOT_BILLABLE");
  EXPECT_THAT(dx[0].message(), HasSubstr("A04.71, A04.72."));
  // Before the split, the new codes were not valid.
  EXPECT_THAT(Dx("A04.71", "2017-09-30"), SizeIs(1));
}

TEST_F(CodeSetTest, MissingPlaceholderX) {
  EXPECT_THAT(Dx("W21.89XA", "2020-06-15"), IsEmpty());
  const std::vector<v1::Finding> dx = Dx("W21.89A", "2020-06-15");
  ASSERT_THAT(dx, SizeIs(1));
  EXPECT_EQ(dx[0].edit(), "DX_NOT_BILLABLE");
  EXPECT_THAT(Codes(dx[0]), ElementsAre("W21.89A"));
  EXPECT_THAT(dx[0].message(), HasSubstr("lacks the placeholder X"));
  EXPECT_EQ(dx[0].fix(), "Report W21.89XA.");
  // A 7th character no code takes is no placeholder case: W21.89XB does not exist.
  const std::vector<v1::Finding> b = Dx("W21.89B", "2020-06-15");
  ASSERT_THAT(b, SizeIs(1));
  EXPECT_EQ(b[0].edit(), "DX_INVALID");
}

TEST_F(CodeSetTest, SeventhCharacterTheCodeDoesNotTake) {
  std::vector<v1::Finding> dx = Dx("S72.001B", "2020-06-15");
  ASSERT_THAT(dx, SizeIs(1));
  EXPECT_EQ(dx[0].edit(), "DX_NOT_BILLABLE");
  EXPECT_THAT(Codes(dx[0]), ElementsAre("S72.001B"));
  EXPECT_THAT(dx[0].message(),
              HasSubstr("B is not a 7th character that S72.001 takes on the date of service; it "
                        "takes A, D, S."));
  EXPECT_THAT(dx[0].fix(), HasSubstr("such as S72.001A."));
  dx = Dx("S72.009D", "2020-06-15");
  ASSERT_THAT(dx, SizeIs(1));
  EXPECT_THAT(dx[0].message(), HasSubstr("it takes A."));
}

// --- the date a diagnosis is judged on ---------------------------------------------------------

TEST_F(CodeSetTest, ProfessionalClaimsUseTheEarliestLinePointingAtTheDiagnosis) {
  v1::Claim claim = MakeClaim({{"99213", "2021-01-04"}, {"99214", "2020-12-31"}});
  claim.add_diagnoses()->set_code("J12.82");  // 1: pointed at by line 1 only
  claim.add_diagnoses()->set_code("J12.82");  // 2: pointed at by both lines
  claim.add_diagnoses()->set_code("U07.1");   // 3: by no line: the claim's earliest date
  claim.mutable_lines(0)->add_diagnosis_pointers(1);
  claim.mutable_lines(0)->add_diagnosis_pointers(2);
  claim.mutable_lines(1)->add_diagnosis_pointers(2);
  const v1::CheckResult result = engine_->Check(claim);
  const std::vector<v1::Finding> dx = Of(result, "DX_INVALID");
  ASSERT_THAT(dx, SizeIs(1)) << result.DebugString();
  EXPECT_THAT(dx[0].diagnoses(), ElementsAre(2));

  claim.mutable_lines(1)->set_date_of_service("2020-03-31");
  const std::vector<v1::Finding> later = Of(engine_->Check(claim), "DX_INVALID");
  ASSERT_THAT(later, SizeIs(2));
  EXPECT_THAT(later[0].diagnoses(), ElementsAre(2));
  EXPECT_THAT(later[1].diagnoses(), ElementsAre(3));
}

TEST_F(CodeSetTest, InpatientClaimsUseTheDischargeDate) {
  // Admitted before J12.82 existed, discharged after: valid, as the MCE judges it.
  v1::Claim claim = MakeClaim({{"99223", "2020-12-28"}}, v1::Claim::INPATIENT_FACILITY);
  claim.set_admission_date("2020-12-28");
  claim.set_discharge_date("2021-01-03");
  claim.add_diagnoses()->set_code("J1282");
  claim.mutable_lines(0)->add_diagnosis_pointers(1);
  EXPECT_THAT(Of(engine_->Check(claim), "DX_INVALID"), IsEmpty());
  // The same on a professional claim is judged on the line's date.
  claim.set_type(v1::Claim::PROFESSIONAL);
  EXPECT_THAT(Of(engine_->Check(claim), "DX_INVALID"), SizeIs(1));
  // Without a discharge date, the admission date.
  claim.set_type(v1::Claim::INPATIENT_FACILITY);
  claim.clear_discharge_date();
  EXPECT_THAT(Of(engine_->Check(claim), "DX_INVALID"), SizeIs(1));
  claim.set_admission_date("2021-01-01");
  EXPECT_THAT(Of(engine_->Check(claim), "DX_INVALID"), IsEmpty());
}

TEST_F(CodeSetTest, EveryDiagnosisIsJudged) {
  v1::Claim claim = MakeClaim({{"99213", "2020-06-15"}});
  for (const char* code : {"I10", "S72.00", "Z99.99", "W21.89A"}) {
    claim.add_diagnoses()->set_code(code);
  }
  const v1::CheckResult result = engine_->Check(claim);
  const std::vector<v1::Finding> invalid = Of(result, "DX_INVALID");
  const std::vector<v1::Finding> header = Of(result, "DX_NOT_BILLABLE");
  ASSERT_THAT(invalid, SizeIs(1));
  EXPECT_THAT(invalid[0].diagnoses(), ElementsAre(3));
  ASSERT_THAT(header, SizeIs(2));
  EXPECT_THAT(header[0].diagnoses(), ElementsAre(2));
  EXPECT_THAT(header[1].diagnoses(), ElementsAre(4));
}

// --- ICD-10-PCS (CODE_INVALID) -----------------------------------------------------------------

TEST_F(CodeSetTest, PcsValidOnTheDischargeDate) {
  EXPECT_THAT(Of(Procedure("0DTJ4ZZ", "2020-06-15"), "CODE_INVALID"), IsEmpty());
  EXPECT_THAT(Of(Procedure("0dtj4zz", "2020-06-15"), "CODE_INVALID"), IsEmpty());
  // XW033E5 from 2020-08-01: the procedure's own date does not count, the discharge date does.
  EXPECT_THAT(Of(Procedure("XW033E5", "2020-08-03", "2020-07-15"), "CODE_INVALID"), IsEmpty());
  EXPECT_THAT(Of(Procedure("XW033E5", "2020-08-01"), "CODE_INVALID"), IsEmpty());
  const std::vector<v1::Finding> f = Of(Procedure("XW033E5", "2020-07-31"), "CODE_INVALID");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_EQ(f[0].severity(), v1::Finding::REJECT_CLAIM);
  EXPECT_EQ(f[0].source_edit(), "INVALID_CODE");
  EXPECT_THAT(f[0].procedures(), ElementsAre(1));
  EXPECT_THAT(f[0].lines(), IsEmpty());
  EXPECT_THAT(Codes(f[0]), ElementsAre("XW033E5"));
  EXPECT_THAT(f[0].message(), HasSubstr("not valid on the discharge date; it is valid from "
                                        "2020-08-01."));
  // Without a discharge date, the procedure's date.
  EXPECT_THAT(Of(Procedure("XW033E5", "", "2020-07-31"), "CODE_INVALID"), SizeIs(1));
  EXPECT_THAT(Of(Procedure("XW033E5", "", "2020-08-01"), "CODE_INVALID"), IsEmpty());
}

TEST_F(CodeSetTest, PcsWindowEdgesAndCoverage) {
  // 0370046: [2016-10-01, 2019-10-01).
  EXPECT_THAT(Of(Procedure("0370046", "2016-09-30"), "CODE_INVALID"), SizeIs(1));
  EXPECT_THAT(Of(Procedure("0370046", "2016-10-01"), "CODE_INVALID"), IsEmpty());
  EXPECT_THAT(Of(Procedure("0370046", "2019-09-30"), "CODE_INVALID"), IsEmpty());
  const std::vector<v1::Finding> f = Of(Procedure("0370046", "2019-10-01"), "CODE_INVALID");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_THAT(f[0].message(), HasSubstr("it is valid 2016-10-01 to 2019-09-30."));
  // Unknown codes: invalid inside coverage (FY2016-FY2020), not judged outside it.
  const std::vector<v1::Finding> unknown = Of(Procedure("0DTJ0ZZ", "2020-09-30"), "CODE_INVALID");
  ASSERT_THAT(unknown, SizeIs(1));
  EXPECT_THAT(unknown[0].message(), HasSubstr("is not in the ICD-10-PCS code set in effect"));
  EXPECT_THAT(Of(Procedure("0DTJ0ZZ", "2020-10-01"), "CODE_INVALID"), IsEmpty());
  EXPECT_THAT(Of(Procedure("0DTJ0ZZ", "2015-09-30"), "CODE_INVALID"), IsEmpty());
  EXPECT_THAT(Of(Procedure("0370046", "2021-06-01"), "CODE_INVALID"), IsEmpty());
  // Not the shape of a PCS code (I and O are never used): invalid whatever the date.
  for (const char* code : {"0DTJ4Z", "0DTJ4ZZZ", "0DTI4ZZ", "S72.001"}) {
    const std::vector<v1::Finding> bad = Of(Procedure(code, "2024-01-01"), "CODE_INVALID");
    ASSERT_THAT(bad, SizeIs(1)) << code;
    EXPECT_THAT(bad[0].codes(), IsEmpty());
    EXPECT_THAT(bad[0].message(), HasSubstr("is not an ICD-10-PCS code"));
  }
}

TEST_F(CodeSetTest, PcsOnlyOnInpatientClaims) {
  v1::Claim claim = MakeClaim({{"99213", "2020-07-01"}}, v1::Claim::OUTPATIENT_FACILITY);
  claim.add_procedures()->set_code("XW033E5");
  claim.set_discharge_date("2020-07-01");
  EXPECT_THAT(Of(engine_->Check(claim), "CODE_INVALID"), IsEmpty());
  claim.set_type(v1::Claim::INPATIENT_FACILITY);
  EXPECT_THAT(Of(engine_->Check(claim), "CODE_INVALID"), SizeIs(1));
}

// --- MODIFIER_INVALID --------------------------------------------------------------------------

TEST_F(CodeSetTest, ModifiersInTheCatalogue) {
  const v1::CheckResult result =
      engine_->Check(MakeClaim({{"99213", "2020-06-15", 1, {"59", "xe"}}}));
  EXPECT_THAT(Of(result, "MODIFIER_INVALID"), IsEmpty());
}

TEST_F(CodeSetTest, ModifiersOutsideTheirWindowsAskForReview) {
  // No source lists every modifier (the HCPCS file does), so the pack cannot tell: REVIEW.
  std::vector<v1::Finding> f =
      Of(engine_->Check(MakeClaim({{"99213", "2014-12-31", 1, {"XE"}}})), "MODIFIER_INVALID");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_EQ(f[0].severity(), v1::Finding::REVIEW);
  EXPECT_THAT(Lines(f[0]), ElementsAre(1));
  EXPECT_THAT(Codes(f[0]), ElementsAre("XE", "99213"));
  EXPECT_THAT(f[0].message(), HasSubstr("XE is known to this rule pack only from 2015-01-01"));
  EXPECT_THAT(
      Of(engine_->Check(MakeClaim({{"99213", "2015-01-01", 1, {"XE"}}})), "MODIFIER_INVALID"),
      IsEmpty());

  f = Of(engine_->Check(MakeClaim({{"99213", "2020-06-15", 1, {"59", "zz"}}})), "MODIFIER_INVALID");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_EQ(f[0].severity(), v1::Finding::REVIEW);
  EXPECT_THAT(Codes(f[0]), ElementsAre("ZZ", "99213"));
  EXPECT_THAT(f[0].message(), HasSubstr("cannot tell whether it is valid"));
  EXPECT_THAT(f[0].fix(), HasSubstr("modifier ZZ on line 1"));
}

TEST(CodeSetsAbsent, NoCodeSetsNoFindings) {
  // A pack without code sets judges neither diagnoses nor modifiers.
  const std::shared_ptr<const RulePack> pack = PackOf(
      {{SourceKind::kRules, "r.textproto", "source: \"r\" version: \"1\""}}, "code-sets-test");
  ASSERT_NE(pack, nullptr);
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(pack);
  ASSERT_TRUE(engine.ok());
  v1::Claim claim = MakeClaim({{"99213", "2020-06-15", 1, {"ZZ"}}});
  claim.add_diagnoses()->set_code("Z99.99");
  claim.add_diagnoses()->set_code("S72.00");
  const v1::CheckResult result = (*engine)->Check(claim);
  EXPECT_THAT(result.findings(), IsEmpty()) << result.DebugString();
}

}  // namespace
}  // namespace coderules::testing
