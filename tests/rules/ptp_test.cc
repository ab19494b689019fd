// NCCI procedure-to-procedure semantics.
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
  source: "ptp-test"
  version: "t1"
  # Indicator 0, open-ended.
  ptp_practitioner {
    column1: "11111"
    column2: "22222"
    effective_date: "2020-01-01"
    modifier_indicator: "0"
    rationale: "Mutually exclusive procedures"
  }
  # Indicator 1 in [2020-01-01, 2021-01-01), then indicator 0 (one pair, two windows).
  ptp_practitioner {
    column1: "11111"
    column2: "33333"
    effective_date: "2020-01-01"
    deletion_date: "2021-01-01"
    modifier_indicator: "1"
    rationale: "Standards of medical / surgical practice"
  }
  ptp_practitioner {
    column1: "11111"
    column2: "33333"
    effective_date: "2021-01-01"
    modifier_indicator: "0"
    rationale: "Standards of medical / surgical practice"
  }
  # Deleted retroactively: indicator 9.
  ptp_practitioner {
    column1: "11111"
    column2: "44444"
    effective_date: "2020-01-01"
    deletion_date: "2020-01-01"
    modifier_indicator: "9"
  }
  # Indicator 9 over a real window: still no edit.
  ptp_practitioner {
    column1: "11111"
    column2: "88888"
    effective_date: "2020-01-01"
    modifier_indicator: "9"
  }
  # Indicator 1, open-ended; and one with a deletion date.
  ptp_practitioner {
    column1: "11111"
    column2: "55555"
    effective_date: "2020-01-01"
    modifier_indicator: "1"
  }
  ptp_practitioner {
    column1: "G0101"
    column2: "0001T"
    effective_date: "2019-07-01"
    deletion_date: "2022-07-01"
    modifier_indicator: "0"
  }
  # Outpatient-hospital table only.
  ptp_facility {
    column1: "11111"
    column2: "66666"
    effective_date: "2020-01-01"
    modifier_indicator: "0"
  }
)pb";

class PtpTest : public EngineTest {
 protected:
  void SetUp() override { Use(kRules); }
};

TEST_F(PtpTest, IndicatorZeroDeniesColumnTwoAndNamesColumnOne) {
  v1::CheckResult r = Check({{"11111"}, {"22222"}});
  std::vector<v1::Finding> f = Of(r, "NCCI_PTP");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_EQ(f[0].severity(), v1::Finding::DENY_LINE);
  EXPECT_THAT(Lines(f[0]), ElementsAre(2, 1));
  EXPECT_THAT(Codes(f[0]), ElementsAre("22222", "11111"));
  EXPECT_THAT(f[0].message(), HasSubstr("Modifier indicator 0"));
  EXPECT_THAT(f[0].message(), HasSubstr("Mutually exclusive procedures"));
  EXPECT_THAT(f[0].fix(), HasSubstr("Remove 22222 from line 2"));
  EXPECT_EQ(f[0].rule().source(), "ptp-test");
  EXPECT_EQ(f[0].rule().version(), "t1");
  EXPECT_EQ(f[0].rule().key(), "11111,22222,2020-01-01");
  EXPECT_EQ(f[0].source_edit(), "");
  EXPECT_EQ(r.claim_id(), "test-claim");
  EXPECT_EQ(r.pack_version(), "test");
}

TEST_F(PtpTest, ColumnOrderComesFromTheTableNotTheClaim) {
  std::vector<v1::Finding> f = Of(Check({{"22222"}, {"11111"}}), "NCCI_PTP");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_THAT(Lines(f[0]), ElementsAre(1, 2));
  EXPECT_THAT(Codes(f[0]), ElementsAre("22222", "11111"));
}

TEST_F(PtpTest, IndicatorZeroIgnoresEveryModifier) {
  for (const char* m : {"59", "XU", "LT", "25", "91"}) {
    EXPECT_THAT(
        Of(Check({{"11111", "2022-06-15", 1, {m}}, {"22222", "2022-06-15", 1, {m}}}), "NCCI_PTP"),
        SizeIs(1))
        << m;
  }
}

TEST_F(PtpTest, IndicatorOneDeniesWithoutModifier) {
  std::vector<v1::Finding> f = Of(Check({{"11111"}, {"55555"}}), "NCCI_PTP");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_THAT(f[0].message(), HasSubstr("Modifier indicator 1"));
  EXPECT_THAT(f[0].fix(), HasSubstr("XE, XS, XP or XU"));
}

// Every NCCI-associated modifier bypasses indicator 1, on either line.
class PtpBypassTest : public PtpTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(PtpBypassTest, OnColumnOneLine) {
  EXPECT_THAT(Of(Check({{"11111", "2022-06-15", 1, {GetParam()}}, {"55555"}}), "NCCI_PTP"),
              IsEmpty());
}

TEST_P(PtpBypassTest, OnColumnTwoLine) {
  EXPECT_THAT(Of(Check({{"11111"}, {"55555", "2022-06-15", 1, {"26", GetParam()}}}), "NCCI_PTP"),
              IsEmpty());
}

TEST_P(PtpBypassTest, LowerCaseToo) {
  std::string lower = GetParam();
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_THAT(Of(Check({{"11111"}, {"55555", "2022-06-15", 1, {lower}}}), "NCCI_PTP"), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(NcciModifiers, PtpBypassTest,
                         ::testing::Values("59", "XE", "XS", "XP", "XU", "E1", "E2", "E3", "E4",
                                           "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8",
                                           "F9", "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7",
                                           "T8", "T9", "LT", "RT", "LC", "LD", "RC", "LM", "RI",
                                           "24", "25", "57", "58", "78", "79", "27", "91"));

TEST_F(PtpTest, OtherModifiersDoNotBypass) {
  for (const char* m : {"26", "TC", "76", "77", "50", "51", "GA", "XX", "E5", "T0", "F0"}) {
    EXPECT_THAT(
        Of(Check({{"11111", "2022-06-15", 1, {m}}, {"55555", "2022-06-15", 1, {m}}}), "NCCI_PTP"),
        SizeIs(1))
        << m;
  }
}

TEST_F(PtpTest, IndicatorNineIsNoEdit) {
  EXPECT_THAT(Of(Check({{"11111", "2020-01-01"}, {"44444", "2020-01-01"}}), "NCCI_PTP"), IsEmpty());
  EXPECT_THAT(Of(Check({{"11111"}, {"88888"}}), "NCCI_PTP"), IsEmpty());
}

TEST_F(PtpTest, WindowEdges) {
  auto denied = [&](const std::string& dos) {
    return !Of(Check({{"G0101", dos}, {"0001T", dos}}), "NCCI_PTP").empty();
  };
  EXPECT_FALSE(denied("2019-06-30"));  // the day before the effective date
  EXPECT_TRUE(denied("2019-07-01"));   // the effective date
  EXPECT_TRUE(denied("2022-06-30"));   // the last day before the deletion date
  EXPECT_FALSE(denied("2022-07-01"));  // the deletion date
}

TEST_F(PtpTest, DisjointWindowsKeepTheirOwnIndicators) {
  // 2020: indicator 1, bypassed by 59.
  EXPECT_THAT(Of(Check({{"11111", "2020-12-31"}, {"33333", "2020-12-31", 1, {"59"}}}), "NCCI_PTP"),
              IsEmpty());
  // 2021: indicator 0, 59 does not help.
  std::vector<v1::Finding> f =
      Of(Check({{"11111", "2021-01-01"}, {"33333", "2021-01-01", 1, {"59"}}}), "NCCI_PTP");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_EQ(f[0].rule().key(), "11111,33333,2021-01-01");
  EXPECT_THAT(Of(Check({{"11111", "2019-12-31"}, {"33333", "2019-12-31"}}), "NCCI_PTP"), IsEmpty());
}

TEST_F(PtpTest, OnlySameDateOfService) {
  EXPECT_THAT(Of(Check({{"11111", "2022-06-15"}, {"22222", "2022-06-16"}}), "NCCI_PTP"), IsEmpty());
}

TEST_F(PtpTest, SameProviderWhenBothLinesNameOne) {
  EXPECT_THAT(Of(Check({{"11111", "2022-06-15", 1, {}, "A"}, {"22222", "2022-06-15", 1, {}, "B"}}),
                 "NCCI_PTP"),
              IsEmpty());
  EXPECT_THAT(Of(Check({{"11111", "2022-06-15", 1, {}, "A"}, {"22222", "2022-06-15", 1, {}, "A"}}),
                 "NCCI_PTP"),
              SizeIs(1));
  EXPECT_THAT(Of(Check({{"11111", "2022-06-15", 1, {}, "A"}, {"22222"}}), "NCCI_PTP"), SizeIs(1));
}

TEST_F(PtpTest, TableFollowsClaimType) {
  EXPECT_THAT(Of(Check({{"11111"}, {"66666"}}, v1::Claim::PROFESSIONAL), "NCCI_PTP"), IsEmpty());
  std::vector<v1::Finding> f =
      Of(Check({{"11111"}, {"66666"}}, v1::Claim::OUTPATIENT_FACILITY), "NCCI_PTP");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_EQ(f[0].source_edit(), "IOCE 20");
  EXPECT_THAT(f[0].message(), HasSubstr("outpatient hospital"));
  EXPECT_THAT(Of(Check({{"11111"}, {"22222"}}, v1::Claim::OUTPATIENT_FACILITY), "NCCI_PTP"),
              IsEmpty());
  EXPECT_THAT(Of(Check({{"11111"}, {"66666"}}, v1::Claim::INPATIENT_FACILITY), "NCCI_PTP"),
              IsEmpty());
}

TEST_F(PtpTest, HistoryLineIsAColumnOnePartner) {
  v1::History history = MakeHistory({{"11111"}});
  std::vector<v1::Finding> f =
      Of(Check({{"22222"}}, v1::Claim::PROFESSIONAL, &history), "NCCI_PTP");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_THAT(Lines(f[0]), ElementsAre(1));  // the history line has no number on this claim
  EXPECT_THAT(Codes(f[0]), ElementsAre("22222", "11111"));
  EXPECT_THAT(f[0].message(), HasSubstr("an earlier claim"));
}

TEST_F(PtpTest, HistoryModifierBypassesIndicatorOne) {
  v1::History history = MakeHistory({{"11111", "2022-06-15", 1, {"XS"}}});
  EXPECT_THAT(Of(Check({{"55555"}}, v1::Claim::PROFESSIONAL, &history), "NCCI_PTP"), IsEmpty());
}

TEST_F(PtpTest, FindingsNeverActOnHistoryLines) {
  v1::History history = MakeHistory({{"22222"}});
  EXPECT_THAT(Of(Check({{"11111"}}, v1::Claim::PROFESSIONAL, &history), "NCCI_PTP"), IsEmpty());
}

TEST_F(PtpTest, HistoryOnAnotherDayOrProviderDoesNotCount) {
  v1::History other_day = MakeHistory({{"11111", "2022-06-14"}});
  EXPECT_THAT(Of(Check({{"22222"}}, v1::Claim::PROFESSIONAL, &other_day), "NCCI_PTP"), IsEmpty());
  v1::History other_provider = MakeHistory({{"11111", "2022-06-15", 1, {}, "B"}});
  EXPECT_THAT(
      Of(Check({{"22222", "2022-06-15", 1, {}, "A"}}, v1::Claim::PROFESSIONAL, &other_provider),
         "NCCI_PTP"),
      IsEmpty());
}

TEST_F(PtpTest, ColumnOneOnSeveralLinesGivesOneFindingNamingThemAll) {
  std::vector<v1::Finding> f = Of(Check({{"11111"}, {"22222"}, {"11111"}}), "NCCI_PTP");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_THAT(Lines(f[0]), ElementsAre(2, 1, 3));
}

TEST_F(PtpTest, IndicatorOneNamesOnlyTheUnbypassedPartners) {
  std::vector<v1::Finding> f =
      Of(Check({{"11111", "2022-06-15", 1, {"59"}}, {"55555"}, {"11111"}}), "NCCI_PTP");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_THAT(Lines(f[0]), ElementsAre(2, 3));
}

TEST_F(PtpTest, SeveralColumnOneCodesGiveSeveralFindings) {
  v1::CheckResult r = Check({{"11111"}, {"55555"}, {"22222"}});
  std::vector<v1::Finding> f = Of(r, "NCCI_PTP");
  ASSERT_THAT(f, SizeIs(2));
  EXPECT_THAT(Lines(f[0]), ElementsAre(2, 1));
  EXPECT_THAT(Lines(f[1]), ElementsAre(3, 1));
}

TEST_F(PtpTest, HostLineNumbersAreEchoed) {
  std::vector<v1::Finding> f =
      Of(Check({{"11111", "2022-06-15", 1, {}, "", 10}, {"22222", "2022-06-15", 1, {}, "", 20}}),
         "NCCI_PTP");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_THAT(Lines(f[0]), ElementsAre(20, 10));
}

TEST_F(PtpTest, CodesAreNormalised) {
  std::vector<v1::Finding> f = Of(Check({{" g0101 "}, {"0001t"}}), "NCCI_PTP");
  ASSERT_THAT(f, SizeIs(1));
  EXPECT_THAT(Codes(f[0]), ElementsAre("0001T", "G0101"));
}

TEST_F(PtpTest, SameCodeTwiceIsNoPair) {
  EXPECT_THAT(Of(Check({{"22222"}, {"22222"}}), "NCCI_PTP"), IsEmpty());
}

}  // namespace
}  // namespace coderules::testing
