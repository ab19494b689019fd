#ifndef CODERULES_TESTS_TEST_UTIL_H_
#define CODERULES_TESTS_TEST_UTIL_H_

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "coderules/rule_pack.h"
#include "gtest/gtest.h"

namespace coderules::testing {

inline std::string SourcePath(const std::string& relative) {
  return absl::StrCat(CODERULES_SOURCE_DIR, "/", relative);
}

// A file under ../shared/data, or "" when the folder is absent.
inline std::string SharedDataPath(const std::string& relative) {
  const std::string path = absl::StrCat(CODERULES_SHARED_DATA, "/", relative);
  return std::filesystem::exists(path) ? path : "";
}

// Skips the test, visibly, when ../shared/data is not beside the project.
#define CODERULES_REQUIRE_SHARED_DATA()                                                  \
  do {                                                                                   \
    if (!std::filesystem::exists(CODERULES_SHARED_DATA)) {                               \
      GTEST_SKIP() << "skipped: " CODERULES_SHARED_DATA " is absent (shared-data test)"; \
    }                                                                                    \
  } while (0)

// A pack compiled from a textproto coderules.v1.RuleSet; fails the test on any error.
inline std::shared_ptr<const RulePack> PackFromRules(const std::string& textproto,
                                                     const std::string& version = "test") {
  PackBuilder builder(version);
  absl::StatusOr<ImportReport> report =
      builder.AddContents(SourceKind::kRules, "test.textproto", textproto);
  EXPECT_TRUE(report.ok()) << report.status();
  if (report.ok()) {
    EXPECT_EQ(report->rows_rejected, 0)
        << (report->rejected.empty() ? "" : report->rejected[0].reason);
  }
  absl::StatusOr<std::string> bytes = std::move(builder).Build();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  if (!bytes.ok()) return nullptr;
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::FromBytes(*bytes);
  EXPECT_TRUE(pack.ok()) << pack.status();
  return pack.ok() ? *pack : nullptr;
}

}  // namespace coderules::testing

#endif  // CODERULES_TESTS_TEST_UTIL_H_
