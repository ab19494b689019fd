// NCCI add-on code semantics.
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

constexpr char kRules[] = R"pb(
  source: "aoc-test"
  version: "t1"
  # Type 1: 99292 needs 99291.
  add_on { add_on: "99292" primary: "99291" type: 1 effective_date: "2013-04-01" }
  # Type 3: 22614 with two listed primaries.
  add_on { add_on: "22614" primary: "22612" type: 3 effective_date: "2013-04-01" }
  add_on { add_on: "22614" primary: "22633" type: 3 effective_date: "2013-04-01" }
  # Type 2: contractor-defined primaries.
  add_on { add_on: "20930" primary: "CCCCC" type: 2 effective_date: "2013-04-01" }
  # Deletion dates: the earliest of the three ends the row.
  add_on {
    add_on: "11045"
    primary: "11042"
    type: 1
    effective_date: "2015-01-01"
    add_on_deletion_date: "2024-01-01"
  }
  add_on {
    add_on: "11046"
    primary: "11043"
    type: 1
    effective_date: "2015-01-01"
    primary_deletion_date: "2023-01-01"
    deletion_date: "2024-01-01"
  }
  add_on {
    add_on: "11047"
    primary: "11044"
    type: 1
    effective_date: "2015-01-01"
    deletion_date: "2022-01-01"
  }
  # A chain: 64484 adds to 64483, which is itself an add-on of 64479 here.
  add_on { add_on: "64484" primary: "64483" type: 1 effective_date: "2013-04-01" }
  add_on { add_on: "64483" primary: "64479" type: 1 effective_date: "2013-04-01" }
  ptp_practitioner {
    column1: "99999"
    column2: "99291"
    effective_date: "2013-01-01"
    modifier_indicator: "0"
  }
  mue_practitioner { code: "99291" value: 1 mai: 1 }
)pb";

class AddOnTest : public EngineTest {
 protected:
  void SetUp() override { Use(kRules); }
};

TEST_F(AddOnTest, TypeOneWithoutPrimaryIsDenied) {
  std::vector<v1::Finding> f = Of(Check({{"99292"}}), "ADDON_NO_PRIMARY");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_EQ(f[0].severity(), v1::Finding::DENY_LINE);
  EXPECT_THAT(Lines(f[0]), ElementsAre(1));
  EXPECT_THAT(Codes(f[0]), ElementsAre("99292"));
  EXPECT_THAT(f[0].message(), HasSubstr("type 1"));
  EXPECT_THAT(f[0].fix(), HasSubstr("99291"));
  EXPECT_EQ(f[0].rule().source(), "aoc-test");
}

TEST_F(AddOnTest, TypeOneWithPrimaryPasses) {
  EXPECT_THAT(Of(Check({{"99291"}, {"99292"}}), "ADDON_NO_PRIMARY"), IsEmpty());
  EXPECT_THAT(Of(Check({{"99292"}, {"99291"}}), "ADDON_NO_PRIMARY"), IsEmpty());
}

TEST_F(AddOnTest, PrimaryMustBeOnTheSameDayAndProvider) {
  EXPECT_THAT(Of(Check({{"99291", "2022-06-14"}, {"99292", "2022-06-15"}}), "ADDON_NO_PRIMARY"),
              SizeIs(1));
  EXPECT_THAT(Of(Check({{"99291", "2022-06-15", 1, {}, "A"}, {"99292", "2022-06-15", 1, {}, "B"}}),
                 "ADDON_NO_PRIMARY"),
              SizeIs(1));
}

TEST_F(AddOnTest, PrimaryInHistoryCounts) {
  v1::History history = MakeHistory({{"99291"}});
  EXPECT_THAT(Of(Check({{"99292"}}, v1::Claim::PROFESSIONAL, &history), "ADDON_NO_PRIMARY"),
              IsEmpty());
}

TEST_F(AddOnTest, TypeThreeNeedsAListedPrimary) {
  EXPECT_THAT(Of(Check({{"22614"}}), "ADDON_NO_PRIMARY"), SizeIs(1));
  EXPECT_THAT(Of(Check({{"22633"}, {"22614"}}), "ADDON_NO_PRIMARY"), IsEmpty());
  std::vector<v1::Finding> f = Of(Check({{"22614"}}), "ADDON_NO_PRIMARY");
  EXPECT_THAT(f[0].fix(), HasSubstr("22612, 22633"));
}

TEST_F(AddOnTest, TypeTwoIsReview) {
  std::vector<v1::Finding> f = Of(Check({{"20930"}}), "ADDON_NO_PRIMARY");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_EQ(f[0].severity(), v1::Finding::REVIEW);
  EXPECT_THAT(f[0].message(), HasSubstr("type 2"));
}

TEST_F(AddOnTest, DeniedPrimaryDoesNotCount) {
  // 99291 denied by a PTP edit with 99999.
  std::vector<v1::Finding> f = Of(Check({{"99999"}, {"99291"}, {"99292"}}), "ADDON_NO_PRIMARY");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_THAT(Lines(f[0]), ElementsAre(3));
  EXPECT_THAT(f[0].message(), HasSubstr("line 2 (99291) is itself denied"));
  // 99291 denied by its MUE.
  EXPECT_THAT(Of(Check({{"99291", "2022-06-15", 2}, {"99292"}}), "ADDON_NO_PRIMARY"), SizeIs(1));
  // A second, payable 99291 line still qualifies.
  EXPECT_THAT(Of(Check({{"99291", "2022-06-15", 2}, {"99291"}, {"99292"}}), "ADDON_NO_PRIMARY"),
              IsEmpty());
}

TEST_F(AddOnTest, DenialsPropagateAlongChains) {
  std::vector<v1::Finding> f = Of(Check({{"64483"}, {"64484"}}), "ADDON_NO_PRIMARY");
  ASSERT_THAT(f, SizeIs(2));
  EXPECT_THAT(Lines(f[0]), ElementsAre(1));
  EXPECT_THAT(Lines(f[1]), ElementsAre(2));
  EXPECT_THAT(Of(Check({{"64479"}, {"64483"}, {"64484"}}), "ADDON_NO_PRIMARY"), IsEmpty());
}

TEST_F(AddOnTest, RowEndsAtTheEarliestDeletionDate) {
  auto denied = [&](const std::string& code, const std::string& dos) {
    return !Of(Check({{code, dos}}), "ADDON_NO_PRIMARY").empty();
  };
  EXPECT_FALSE(denied("11045", "2014-12-31"));  // before the edit's effective date
  EXPECT_TRUE(denied("11045", "2015-01-01"));
  EXPECT_TRUE(denied("11045", "2023-12-31"));
  EXPECT_FALSE(denied("11045", "2024-01-01"));  // add-on deleted
  EXPECT_TRUE(denied("11046", "2022-12-31"));
  EXPECT_FALSE(denied("11046", "2023-01-01"));  // primary deleted first
  EXPECT_TRUE(denied("11047", "2021-12-31"));
  EXPECT_FALSE(denied("11047", "2022-01-01"));  // edit deleted
}

TEST_F(AddOnTest, NotAppliedToInpatientClaims) {
  EXPECT_THAT(Of(Check({{"99292"}}, v1::Claim::INPATIENT_FACILITY), "ADDON_NO_PRIMARY"), IsEmpty());
  EXPECT_THAT(Of(Check({{"99292"}}, v1::Claim::OUTPATIENT_FACILITY), "ADDON_NO_PRIMARY"),
              SizeIs(1));
}

}  // namespace
}  // namespace coderules::testing
