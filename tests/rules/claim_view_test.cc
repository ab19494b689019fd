// Reading claims: CLAIM_MALFORMED, CODE_INVALID, MODIFIER_INVALID, and the wire formats.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "tests/rules/engine_fixture.h"

namespace coderules::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kRules[] = R"pb(
  ptp_practitioner {
    column1: "11111"
    column2: "22222"
    effective_date: "2020-01-01"
    modifier_indicator: "0"
  }
)pb";

class ClaimViewTest : public EngineTest {
 protected:
  void SetUp() override { Use(kRules); }

  // The fields of the CLAIM_MALFORMED findings, and a check that nothing else was reported.
  std::vector<std::string> MalformedFields(const v1::Claim& claim,
                                           const v1::History* history = nullptr) {
    v1::CheckResult r = engine_->Check(claim, history);
    std::vector<std::string> fields;
    for (const v1::Finding& f : r.findings()) {
      EXPECT_EQ(f.edit(), "CLAIM_MALFORMED");
      EXPECT_EQ(f.severity(), v1::Finding::REJECT_CLAIM);
      EXPECT_FALSE(f.message().empty());
      fields.push_back(f.field());
    }
    return fields;
  }
};

TEST_F(ClaimViewTest, WellFormedClaimHasNoMalformedFindings) {
  EXPECT_THAT(MalformedFields(MakeClaim({{"99213"}})), IsEmpty());
}

TEST_F(ClaimViewTest, MissingClaimType) {
  EXPECT_THAT(MalformedFields(MakeClaim({{"99213"}}, v1::Claim::TYPE_UNSPECIFIED)),
              ElementsAre("type"));
}

TEST_F(ClaimViewTest, NoLines) {
  EXPECT_THAT(MalformedFields(MakeClaim({})), ElementsAre("lines"));
}

TEST_F(ClaimViewTest, UnitsMustBePositive) {
  for (double units : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    EXPECT_THAT(MalformedFields(MakeClaim({{"99213", "2022-06-15", units}})),
                ElementsAre("lines[0].units"))
        << units;
  }
}

TEST_F(ClaimViewTest, Dates) {
  for (const char* bad : {"", "2022-02-30", "2022-13-01", "20220615", "2022-6-15", "1899-12-31"}) {
    EXPECT_THAT(MalformedFields(MakeClaim({{"99213", bad}})),
                ElementsAre("lines[0].date_of_service"))
        << bad;
  }
  EXPECT_THAT(MalformedFields(MakeClaim({{"99213", "2024-02-29"}})), IsEmpty());
  v1::Claim claim = MakeClaim({{"99213"}});
  claim.mutable_lines(0)->set_date_to("2022-06-14");
  claim.mutable_patient()->set_birth_date("1990-02-30");
  claim.set_admission_date("soon");
  EXPECT_THAT(MalformedFields(claim),
              ElementsAre("patient.birth_date", "admission_date", "lines[0].date_to"));
}

TEST_F(ClaimViewTest, DiagnosisPointers) {
  v1::Claim claim = MakeClaim({{"99213"}});
  claim.add_diagnoses()->set_code("J06.9");
  claim.mutable_lines(0)->add_diagnosis_pointers(1);
  EXPECT_THAT(MalformedFields(claim), IsEmpty());
  claim.mutable_lines(0)->add_diagnosis_pointers(2);
  claim.mutable_lines(0)->add_diagnosis_pointers(0);
  EXPECT_THAT(MalformedFields(claim),
              ElementsAre("lines[0].diagnosis_pointers[1]", "lines[0].diagnosis_pointers[2]"));
}

TEST_F(ClaimViewTest, LineNumbers) {
  EXPECT_THAT(MalformedFields(MakeClaim(
                  {{"99213", "2022-06-15", 1, {}, "", 2}, {"99214", "2022-06-15", 1, {}, "", 2}})),
              ElementsAre("lines[1].number"));
  // An unnumbered line takes its position, which may collide with a host's number.
  EXPECT_THAT(MalformedFields(MakeClaim({{"99213", "2022-06-15", 1, {}, "", 2}, {"99214"}})),
              ElementsAre("lines[1].number"));
  EXPECT_THAT(MalformedFields(MakeClaim({{"99213", "2022-06-15", 1, {}, "", -4}})),
              ElementsAre("lines[0].number"));
}

TEST_F(ClaimViewTest, TooManyLines) {
  EngineOptions options;
  options.max_lines = 2;
  Use(kRules, options);
  EXPECT_THAT(MalformedFields(MakeClaim({{"99213"}, {"99214"}})), IsEmpty());
  v1::CheckResult r = engine_->Check(MakeClaim({{"99213"}, {"99214"}, {"99215"}}));
  ASSERT_THAT(r.findings(), SizeIs(1));
  EXPECT_EQ(r.findings(0).field(), "lines");
  EXPECT_THAT(r.findings(0).message(), HasSubstr("limit is 2"));
}

TEST_F(ClaimViewTest, MalformedClaimGetsNoOtherEdits) {
  v1::CheckResult r = engine_->Check(MakeClaim({{"11111"}, {"22222", "2022-06-15", 0}}));
  EXPECT_THAT(Of(r, "NCCI_PTP"), IsEmpty());
  EXPECT_THAT(Of(r, "CLAIM_MALFORMED"), SizeIs(1));
}

TEST_F(ClaimViewTest, MalformedHistoryRejectsTheClaim) {
  v1::History history = MakeHistory({{"11111", "yesterday"}, {"BAD", "2022-06-15", 1, {"5"}}});
  EXPECT_THAT(MalformedFields(MakeClaim({{"22222"}}), &history),
              ElementsAre("history.lines[0].date_of_service", "history.lines[1].code",
                          "history.lines[1].modifiers[0]"));
}

TEST_F(ClaimViewTest, BadCodeIsCodeInvalidAndNotEchoed) {
  v1::CheckResult r = engine_->Check(MakeClaim({{"JANEDOE"}, {"11111"}}));
  std::vector<v1::Finding> f = Of(r, "CODE_INVALID");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_EQ(f[0].severity(), v1::Finding::DENY_LINE);
  EXPECT_THAT(Lines(f[0]), ElementsAre(1));
  EXPECT_THAT(f[0].codes(), IsEmpty());
  EXPECT_THAT(f[0].message(), Not(HasSubstr("JANEDOE")));
}

TEST_F(ClaimViewTest, BadModifierIsModifierInvalid) {
  v1::CheckResult r = engine_->Check(MakeClaim({{"99213", "2022-06-15", 1, {"25", "X", "ABC"}}}));
  std::vector<v1::Finding> f = Of(r, "MODIFIER_INVALID");
  ASSERT_THAT(f, SizeIs(2));
  EXPECT_THAT(f[0].message(), HasSubstr("modifier 2"));
  EXPECT_THAT(f[1].message(), HasSubstr("modifier 3"));
  EXPECT_THAT(f[1].message(), Not(HasSubstr("ABC")));
  EXPECT_THAT(MalformedFields(MakeClaim({{"99213", "2022-06-15", 1, {" "}}})),
              ElementsAre("lines[0].modifiers[0]"));
}

TEST_F(ClaimViewTest, UnreadableJsonIsMalformedWithoutEchoingIt) {
  for (const char* input :
       {"not json", "{\"id\": \"Jane Doe\", \"lines\": 7}", "{\"patientName\": \"Jane Doe\"}",
        "{\"type\": \"JANE_DOE\"}", "\xff\xfe"}) {
    v1::CheckResult r = engine_->CheckWire(WireFormat::kJson, input, nullptr);
    ASSERT_THAT(r.findings(), SizeIs(1)) << input;
    EXPECT_EQ(r.findings(0).edit(), "CLAIM_MALFORMED");
    EXPECT_EQ(r.findings(0).field(), "claim");
    EXPECT_THAT(r.findings(0).message(), Not(HasSubstr("Jane")));
    EXPECT_THAT(r.findings(0).message(), Not(HasSubstr("JANE")));
    EXPECT_EQ(r.pack_version(), "test");
  }
}

TEST_F(ClaimViewTest, JsonAndBinaryAgree) {
  const std::string json =
      R"({"id":"c1","type":"PROFESSIONAL","lines":[{"code":"11111","units":1,"dateOfService":"2022-06-15"},{"code":"22222","units":1,"date_of_service":"2022-06-15"}]})";
  v1::CheckResult from_json = engine_->CheckWire(WireFormat::kJson, json, nullptr);
  ASSERT_THAT(Of(from_json, "NCCI_PTP"), SizeIs(1));
  v1::Claim claim;
  ASSERT_TRUE(ParseWire(WireFormat::kJson, json, 1 << 20, &claim).ok());
  v1::CheckResult from_binary =
      engine_->CheckWire(WireFormat::kBinary, claim.SerializeAsString(), nullptr);
  EXPECT_EQ(from_json.SerializeAsString(), from_binary.SerializeAsString());
  EXPECT_EQ(from_json.claim_id(), "c1");
}

TEST_F(ClaimViewTest, HistoryBytes) {
  const std::string claim =
      R"({"type":"PROFESSIONAL","lines":[{"code":"22222","units":1,"dateOfService":"2022-06-15"}]})";
  EXPECT_THAT(Of(engine_->CheckWire(
                     WireFormat::kJson, claim,
                     R"({"lines":[{"code":"11111","units":1,"dateOfService":"2022-06-15"}]})"),
                 "NCCI_PTP"),
              SizeIs(1));
  v1::CheckResult r = engine_->CheckWire(WireFormat::kJson, claim, "{oops");
  ASSERT_THAT(r.findings(), SizeIs(1));
  EXPECT_EQ(r.findings(0).field(), "history");
}

TEST_F(ClaimViewTest, OversizedInputIsMalformed) {
  EngineOptions options;
  options.max_input_bytes = 64;
  Use(kRules, options);
  v1::CheckResult r = engine_->CheckWire(WireFormat::kJson, std::string(65, ' '), nullptr);
  ASSERT_THAT(r.findings(), SizeIs(1));
  EXPECT_THAT(r.findings(0).message(), HasSubstr("limit of 64 bytes"));
}

TEST_F(ClaimViewTest, GarbageBinaryIsMalformed) {
  v1::CheckResult r = engine_->CheckWire(WireFormat::kBinary, "\x0a\xff\xff\xff", nullptr);
  ASSERT_THAT(r.findings(), SizeIs(1));
  EXPECT_EQ(r.findings(0).edit(), "CLAIM_MALFORMED");
}

TEST_F(ClaimViewTest, ResultJsonUsesLowerCamelCase) {
  v1::CheckResult r = engine_->Check(MakeClaim({{"11111"}, {"22222"}}));
  absl::StatusOr<std::string> json = SerializeWire(WireFormat::kJson, r);
  ASSERT_TRUE(json.ok());
  EXPECT_THAT(*json, HasSubstr("\"claimId\":\"test-claim\""));
  EXPECT_THAT(*json, HasSubstr("\"severity\":\"DENY_LINE\""));
  EXPECT_THAT(*json, HasSubstr("\"packVersion\":\"test\""));
  EXPECT_THAT(*json, Not(HasSubstr("\n")));
}

}  // namespace
}  // namespace coderules::testing
