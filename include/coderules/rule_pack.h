#ifndef CODERULES_INCLUDE_CODERULES_RULE_PACK_H_
#define CODERULES_INCLUDE_CODERULES_RULE_PACK_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coderules/importers.h"
#include "coderules/v1/rules.pb.h"

namespace coderules {

namespace internal {
struct PackTables;
struct Staged;
struct BuilderState;
}  // namespace internal

// An immutable, compiled set of rules: one binary file, versioned and checksummed.
// Thread-safe: any number of threads may use one pack; share it as shared_ptr<const RulePack>.
class RulePack {
 public:
  // Reads and verifies a pack file. Refuses a file that is not a pack, is of another format
  // version, is truncated or corrupt, or whose tables are inconsistent.
  static absl::StatusOr<std::shared_ptr<const RulePack>> Load(const std::string& path);
  // The same, from the pack's bytes (copied).
  static absl::StatusOr<std::shared_ptr<const RulePack>> FromBytes(absl::string_view bytes);

  ~RulePack();
  RulePack(const RulePack&) = delete;
  RulePack& operator=(const RulePack&) = delete;

  // The version given at compile time, echoed in every CheckResult.
  const std::string& version() const { return info_.version(); }
  // What went into the pack.
  const v1::PackInfo& info() const { return info_; }

  // The tables, for the checkers.
  const internal::PackTables& tables() const { return *tables_; }

 private:
  RulePack();
  static absl::StatusOr<std::shared_ptr<const RulePack>> FromBuffer(
      std::unique_ptr<uint64_t[]> buffer, uint64_t size);

  std::unique_ptr<uint64_t[]> buffer_;  // 8-byte aligned storage of the whole file
  v1::PackInfo info_;
  std::unique_ptr<internal::PackTables> tables_;
};

// Compiles rule sources into a pack. Not thread-safe; used up by Build().
class PackBuilder {
 public:
  explicit PackBuilder(std::string version);
  ~PackBuilder();
  PackBuilder(PackBuilder&&) noexcept;
  PackBuilder& operator=(PackBuilder&&) noexcept;

  // Reads one source file. A non-OK status means the file was unusable as a whole (unreadable,
  // too large, no header row, textproto syntax error) and nothing of it was added; rows that are
  // malformed on their own are rejected, counted and listed in the report, and the rest are added.
  absl::StatusOr<ImportReport> AddFile(SourceKind kind, const std::string& path);
  // The same for contents already in memory; `name` stands for the file name.
  absl::StatusOr<ImportReport> AddContents(SourceKind kind, absl::string_view name,
                                           absl::string_view contents);

  // The pack's bytes. Rows identical to an earlier row are kept once and counted in
  // PackInfo.sources[].rows_duplicate.
  absl::StatusOr<std::string> Build() &&;

 private:
  std::unique_ptr<internal::BuilderState> state_;
};

// Writes bytes to path atomically: a temporary file beside it, flushed, then renamed over it.
absl::Status WriteFileAtomically(const std::string& path, absl::string_view bytes);

}  // namespace coderules

#endif  // CODERULES_INCLUDE_CODERULES_RULE_PACK_H_
