// NCCI medically unlikely edit semantics.
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
  source: "mue-test"
  version: "t1"
  mue_practitioner { code: "82374" value: 2 mai: 1 rationale: "Clinical: Data" }
  mue_practitioner { code: "G0422" value: 6 mai: 2 rationale: "CMS Policy" }
  mue_practitioner { code: "Q9980" value: 50 mai: 3 rationale: "Clinical: Data" }
  mue_practitioner { code: "99999" value: 0 mai: 2 }
  mue_practitioner { code: "77777" value: 0 mai: 1 }
  # A value that changes: 3 until 2023-01-01, then 1.
  mue_practitioner { code: "88888" value: 3 mai: 1 end_date: "2023-01-01" }
  mue_practitioner { code: "88888" value: 1 mai: 1 effective_date: "2023-01-01" }
  mue_facility { code: "82374" value: 5 mai: 1 }
)pb";

class MueTest : public EngineTest {
 protected:
  void SetUp() override { Use(kRules); }
};

TEST_F(MueTest, MaiOneComparesEachLine) {
  EXPECT_THAT(Of(Check({{"82374", "2022-06-15", 2}}), "NCCI_MUE"), IsEmpty());
  std::vector<v1::Finding> f = Of(Check({{"82374", "2022-06-15", 3}}), "NCCI_MUE");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_EQ(f[0].severity(), v1::Finding::DENY_LINE);
  EXPECT_THAT(Lines(f[0]), ElementsAre(1));
  EXPECT_THAT(Codes(f[0]), ElementsAre("82374"));
  EXPECT_THAT(f[0].message(), HasSubstr("MAI 1"));
  EXPECT_THAT(f[0].fix(), HasSubstr("at most 2 units"));
  EXPECT_EQ(f[0].rule().key(), "82374");
  EXPECT_EQ(f[0].rule().source(), "mue-test");
}

TEST_F(MueTest, MaiOneDoesNotSumLines) {
  EXPECT_THAT(
      Of(Check({{"82374", "2022-06-15", 2}, {"82374", "2022-06-15", 2, {"91"}}}), "NCCI_MUE"),
      IsEmpty());
  // Only the line over the value is denied.
  std::vector<v1::Finding> f =
      Of(Check({{"82374", "2022-06-15", 1}, {"82374", "2022-06-15", 3}}), "NCCI_MUE");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_THAT(Lines(f[0]), ElementsAre(2));
}

TEST_F(MueTest, MaiTwoSumsTheDayAndDeniesEveryLine) {
  EXPECT_THAT(Of(Check({{"G0422", "2022-06-15", 3}, {"G0422", "2022-06-15", 3}}), "NCCI_MUE"),
              IsEmpty());
  std::vector<v1::Finding> f =
      Of(Check({{"G0422", "2022-06-15", 4}, {"G0422", "2022-06-15", 3}}), "NCCI_MUE");
  ASSERT_THAT(f, SizeIs(2));
  EXPECT_THAT(Lines(f[0]), ElementsAre(1, 2));
  EXPECT_THAT(Lines(f[1]), ElementsAre(2, 1));
  EXPECT_THAT(f[0].message(), HasSubstr("totals 7 units"));
  EXPECT_THAT(f[0].message(), HasSubstr("cannot be appealed"));
  EXPECT_THAT(f[0].fix(), HasSubstr("no modifier or appeal"));
}

TEST_F(MueTest, MaiTwoSumsOnlyTheSameDayAndProvider) {
  EXPECT_THAT(Of(Check({{"G0422", "2022-06-15", 4}, {"G0422", "2022-06-16", 4}}), "NCCI_MUE"),
              IsEmpty());
  EXPECT_THAT(Of(Check({{"G0422", "2022-06-15", 4, {}, "A"}, {"G0422", "2022-06-15", 4, {}, "B"}}),
                 "NCCI_MUE"),
              IsEmpty());
}

TEST_F(MueTest, MaiTwoCountsHistoryUnits) {
  v1::History history = MakeHistory({{"G0422", "2022-06-15", 5}});
  std::vector<v1::Finding> f =
      Of(Check({{"G0422", "2022-06-15", 2}}, v1::Claim::PROFESSIONAL, &history), "NCCI_MUE");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_THAT(Lines(f[0]), ElementsAre(1));
  EXPECT_THAT(f[0].message(), HasSubstr("earlier claims"));
  v1::History within = MakeHistory({{"G0422", "2022-06-15", 4}});
  EXPECT_THAT(Of(Check({{"G0422", "2022-06-15", 2}}, v1::Claim::PROFESSIONAL, &within), "NCCI_MUE"),
              IsEmpty());
}

TEST_F(MueTest, MaiOneIgnoresHistory) {
  v1::History history = MakeHistory({{"82374", "2022-06-15", 2}});
  EXPECT_THAT(
      Of(Check({{"82374", "2022-06-15", 2}}, v1::Claim::PROFESSIONAL, &history), "NCCI_MUE"),
      IsEmpty());
}

TEST_F(MueTest, MaiThreeSumsAndCanBeAppealed) {
  std::vector<v1::Finding> f =
      Of(Check({{"Q9980", "2022-06-15", 30}, {"Q9980", "2022-06-15", 21}}), "NCCI_MUE");
  ASSERT_THAT(f, SizeIs(2));
  EXPECT_THAT(f[0].message(), HasSubstr("MAI 3"));
  EXPECT_THAT(f[0].message(), HasSubstr("can be appealed"));
  EXPECT_THAT(f[0].message(), Not(HasSubstr("cannot")));
}

TEST_F(MueTest, ValueZeroIsNeverPayable) {
  for (const char* code : {"99999", "77777"}) {
    std::vector<v1::Finding> f = Of(Check({{code, "2022-06-15", 1}}), "NCCI_MUE");
    ASSERT_THAT(f, SizeIs(1)) << code;
    EXPECT_THAT(f[0].message(), HasSubstr("value is 0"));
  }
}

TEST_F(MueTest, FractionalUnits) {
  EXPECT_THAT(Of(Check({{"82374", "2022-06-15", 2.5}}), "NCCI_MUE"), SizeIs(1));
  EXPECT_THAT(Of(Check({{"G0422", "2022-06-15", 2.5}, {"G0422", "2022-06-15", 3.5}}), "NCCI_MUE"),
              IsEmpty());
}

TEST_F(MueTest, ValueFollowsDateOfService) {
  EXPECT_THAT(Of(Check({{"88888", "2022-12-31", 3}}), "NCCI_MUE"), IsEmpty());
  std::vector<v1::Finding> f = Of(Check({{"88888", "2023-01-01", 2}}), "NCCI_MUE");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_EQ(f[0].rule().key(), "88888,2023-01-01");
}

TEST_F(MueTest, TableFollowsClaimType) {
  EXPECT_THAT(Of(Check({{"82374", "2022-06-15", 4}}, v1::Claim::OUTPATIENT_FACILITY), "NCCI_MUE"),
              IsEmpty());
  EXPECT_THAT(Of(Check({{"82374", "2022-06-15", 6}}, v1::Claim::OUTPATIENT_FACILITY), "NCCI_MUE"),
              SizeIs(1));
  EXPECT_THAT(Of(Check({{"G0422", "2022-06-15", 9}}, v1::Claim::OUTPATIENT_FACILITY), "NCCI_MUE"),
              IsEmpty());
  EXPECT_THAT(Of(Check({{"82374", "2022-06-15", 9}}, v1::Claim::INPATIENT_FACILITY), "NCCI_MUE"),
              IsEmpty());
}

TEST_F(MueTest, CodeWithoutMueIsUnlimited) {
  EXPECT_THAT(Of(Check({{"12345", "2022-06-15", 1000}}), "NCCI_MUE"), IsEmpty());
}

}  // namespace
}  // namespace coderules::testing
