#ifndef CODERULES_TESTS_TEST_UTIL_H_
#define CODERULES_TESTS_TEST_UTIL_H_

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "coderules/lookup.h"
#include "coderules/rule_pack.h"
#include "gtest/gtest.h"
#include "src/import/table_reader.h"
#include "src/pack/staged.h"

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

// The pack `builder` builds, loaded; fails the test on any error (nullptr then). For tests that
// add their sources themselves, to look at the reports or to keep rejected rows.
inline std::shared_ptr<const RulePack> PackOfBuilder(PackBuilder builder) {
  absl::StatusOr<std::string> bytes = std::move(builder).Build();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  if (!bytes.ok()) return nullptr;
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::FromBytes(*bytes);
  EXPECT_TRUE(pack.ok()) << pack.status();
  return pack.ok() ? *pack : nullptr;
}

namespace test_util_internal {

// Fails the test unless the source `name` was added whole, without a rejected row.
inline void ExpectAccepted(const absl::StatusOr<ImportReport>& report, const std::string& name) {
  EXPECT_TRUE(report.ok()) << report.status();
  if (report.ok()) {
    EXPECT_EQ(report->rows_rejected, 0)
        << name << ": " << (report->rejected.empty() ? "" : report->rejected[0].reason);
  }
}

}  // namespace test_util_internal

// One source given by its contents; `name` stands for its file name.
struct Source {
  SourceKind kind;
  std::string name;
  std::string contents;
};

// A pack of the sources; fails the test on any error or rejected row (nullptr on an error).
inline std::shared_ptr<const RulePack> PackOf(const std::vector<Source>& sources,
                                              const std::string& version = "test") {
  PackBuilder builder(version);
  for (const Source& s : sources) {
    test_util_internal::ExpectAccepted(builder.AddContents(s.kind, s.name, s.contents), s.name);
  }
  return PackOfBuilder(std::move(builder));
}

// The same for files (kind, path); `reports`, when given, receives the report of each file added.
inline std::shared_ptr<const RulePack> PackOfFiles(
    const std::vector<std::pair<SourceKind, std::string>>& paths,
    const std::string& version = "test", std::vector<ImportReport>* reports = nullptr) {
  PackBuilder builder(version);
  for (const auto& [kind, path] : paths) {
    absl::StatusOr<ImportReport> report = builder.AddFile(kind, path);
    test_util_internal::ExpectAccepted(report, path);
    if (report.ok() && reports != nullptr) reports->push_back(*std::move(report));
  }
  return PackOfBuilder(std::move(builder));
}

// A pack compiled from a textproto coderules.v1.RuleSet; fails the test on any error.
inline std::shared_ptr<const RulePack> PackFromRules(const std::string& textproto,
                                                     const std::string& version = "test") {
  return PackOf({{SourceKind::kRules, "test.textproto", textproto}}, version);
}

// The first match of `code` on `date` ("" for no date); fails the test when there is none.
inline v1::CodeInfo Lookup(const RulePack& pack, const std::string& code, const std::string& date) {
  absl::StatusOr<v1::LookupResult> result = LookupCode(pack, code, date);
  EXPECT_TRUE(result.ok()) << result.status();
  if (!result.ok()) return {};
  EXPECT_GE(result->matches_size(), 1) << code;
  return result->matches_size() == 0 ? v1::CodeInfo() : result->matches(0);
}

// Reads a shared-data file and imports it with `import`, printing how long the import took.
template <typename Import>
internal::Staged ImportShared(const std::string& relative, Import import, ImportReport* report) {
  internal::Staged staged;
  absl::StatusOr<std::string> contents = internal::ReadSourceFile(SharedDataPath(relative));
  EXPECT_TRUE(contents.ok()) << contents.status();
  if (!contents.ok()) return staged;
  report->file = relative.substr(relative.find('/') + 1);
  const auto start = std::chrono::steady_clock::now();
  const absl::Status status = import(*contents, &staged, report);
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(status.ok()) << status;
  std::printf("import of %s: %.1f ms, %lld rows\n", report->file.c_str(), took.count(),
              static_cast<long long>(report->rows_read));
  return staged;
}

}  // namespace coderules::testing

#endif  // CODERULES_TESTS_TEST_UTIL_H_
