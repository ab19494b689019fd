// Snapshot releases of one code set: a later release supersedes an earlier one from its own start,
// so a code the later release no longer lists ends there, and one it adds starts there.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "coderules/lookup.h"
#include "coderules/rule_pack.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace coderules {
namespace {

using ::testing::ElementsAre;
using testing::Lookup;
using testing::PackOf;

std::string OrderRecord(int order, const std::string& code) {
  return absl::StrFormat("%05d %-7s 1 %-60s %s\n", order, code, "Title", "Title");
}

// A HCPCS Level II procedure record (320 columns): code, sequence, record id 3, titles, add date.
std::string HcpcsRecord(const std::string& code, const std::string& add_date) {
  std::string record = absl::StrCat(code, "00100", "3", absl::StrFormat("%-80s", "Long title"),
                                    absl::StrFormat("%-28s", "Short title"));
  record.resize(268, ' ');
  absl::StrAppend(&record, add_date, add_date, "        ", "N");
  record.resize(320, ' ');
  return record + "\r\n";
}

// The validity windows of `code` as "effective..end" ("" for an open end).
std::vector<std::string> Windows(const RulePack& pack, const std::string& code) {
  absl::StatusOr<v1::LookupResult> result = LookupCode(pack, code, "");
  EXPECT_TRUE(result.ok()) << result.status();
  std::vector<std::string> out;
  for (const v1::CodeInfo& info : result->matches()) {
    for (const v1::Validity& v : info.validity()) {
      if (v.billable()) out.push_back(absl::StrCat(v.window().effective(), "..", v.window().end()));
    }
  }
  return out;
}

TEST(ReleaseTest, IcdUpdateEndsWhatItDropsAndStartsWhatItAdds) {
  // FY2021 lists A000 and A001; its January update drops A001 and adds U071. Given in either
  // order, the update decides from 2021-01-01.
  const std::string base = OrderRecord(1, "A000") + OrderRecord(2, "A001");
  const std::string update = OrderRecord(1, "A000") + OrderRecord(2, "U071");
  for (bool update_first : {false, true}) {
    SCOPED_TRACE(update_first);
    const std::shared_ptr<const RulePack> pack =
        update_first ? PackOf({{SourceKind::kIcd10CmOrder, "icd10cm-order-Jan-2021.txt", update},
                               {SourceKind::kIcd10CmOrder, "icd10cm_order_2021.txt", base}})
                     : PackOf({{SourceKind::kIcd10CmOrder, "icd10cm_order_2021.txt", base},
                               {SourceKind::kIcd10CmOrder, "icd10cm-order-Jan-2021.txt", update}});
    EXPECT_THAT(Windows(*pack, "A00.0"),
                ElementsAre("2020-10-01..2021-01-01", "2021-01-01..2021-10-01"));
    EXPECT_THAT(Windows(*pack, "A00.1"), ElementsAre("2020-10-01..2021-01-01"));
    EXPECT_THAT(Windows(*pack, "U07.1"), ElementsAre("2021-01-01..2021-10-01"));
    EXPECT_EQ(Lookup(*pack, "A00.1", "2020-12-31").on_date(), v1::CodeInfo::BILLABLE);
    EXPECT_EQ(Lookup(*pack, "A00.1", "2021-01-01").on_date(), v1::CodeInfo::NOT_VALID);
    EXPECT_EQ(Lookup(*pack, "U07.1", "2020-12-31").on_date(), v1::CodeInfo::NOT_VALID);
    EXPECT_EQ(Lookup(*pack, "U07.1", "2021-01-01").on_date(), v1::CodeInfo::BILLABLE);
    // Outside every release the pack cannot tell.
    EXPECT_EQ(Lookup(*pack, "A00.1", "2021-10-01").on_date(), v1::CodeInfo::CANNOT_TELL);
  }
}

TEST(ReleaseTest, QuarterlyHcpcsSupersedesTheAnnualFile) {
  const std::shared_ptr<const RulePack> pack = PackOf({
      {SourceKind::kHcpcs, "HCPC2024_ANWEB.txt",
       HcpcsRecord("A0021", "20000101") + HcpcsRecord("G0001", "20000101")},
      {SourceKind::kHcpcs, "HCPC2024_APR_ANWEB.txt",
       HcpcsRecord("A0021", "20000101") + HcpcsRecord("G0002", "20240401")},
  });
  EXPECT_THAT(Windows(*pack, "G0001"), ElementsAre("2000-01-01..2024-04-01"));
  EXPECT_THAT(Windows(*pack, "G0002"), ElementsAre("2024-04-01..2025-01-01"));
  EXPECT_EQ(Lookup(*pack, "G0001", "2024-03-31").on_date(), v1::CodeInfo::BILLABLE);
  EXPECT_EQ(Lookup(*pack, "G0001", "2024-04-01").on_date(), v1::CodeInfo::NOT_VALID);
  EXPECT_EQ(Lookup(*pack, "A0021", "2024-12-31").on_date(), v1::CodeInfo::BILLABLE);
  EXPECT_EQ(Lookup(*pack, "A0021", "2025-01-01").on_date(), v1::CodeInfo::CANNOT_TELL);
}

}  // namespace
}  // namespace coderules
