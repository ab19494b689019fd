#ifndef CODERULES_INCLUDE_CODERULES_ENGINE_H_
#define CODERULES_INCLUDE_CODERULES_ENGINE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coderules/rule_pack.h"
#include "coderules/v1/claim.pb.h"
#include "coderules/v1/result.pb.h"

namespace google::protobuf {
class Message;
}

namespace coderules {

namespace internal {
class Checker;
}

struct EngineOptions {
  // A claim with more service lines is rejected (CLAIM_MALFORMED). 999 is the 837I maximum.
  int max_lines = 999;
  // A history with more lines is rejected (CLAIM_MALFORMED).
  int max_history_lines = 10000;
  // Serialized claims or histories larger than this are not parsed (CLAIM_MALFORMED).
  size_t max_input_bytes = size_t{8} << 20;
};

// How a claim, history or result crosses a boundary.
enum class WireFormat {
  kBinary = 1,  // protobuf binary
  kJson = 2,    // proto3 JSON mapping
};

// Parses a message from the host's bytes. The error names what was wrong and never quotes the
// input, since it may be claim content.
absl::Status ParseWire(WireFormat format, absl::string_view bytes, size_t max_bytes,
                       google::protobuf::Message* out);
// Serializes a message; JSON is one line with lowerCamelCase names.
absl::StatusOr<std::string> SerializeWire(WireFormat format, const google::protobuf::Message& msg);

// Checks claims against a rule pack. Immutable and thread-safe: any number of threads may call
// Check at once. Check does no I/O, keeps no state and never logs claim content.
class Engine {
 public:
  static absl::StatusOr<std::unique_ptr<Engine>> Create(std::shared_ptr<const RulePack> pack,
                                                        EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // The findings for a claim, as of each line's date of service. `history` (may be null) holds the
  // patient's earlier lines, which take part in same-day edits. A claim with CLAIM_MALFORMED
  // findings gets no other edits, since their inputs are unreliable.
  v1::CheckResult Check(const v1::Claim& claim, const v1::History* history = nullptr) const;

  // Parses then checks. Bytes that are not a readable claim (or history) give a result whose
  // finding is CLAIM_MALFORMED, not an error.
  v1::CheckResult CheckWire(WireFormat format, absl::string_view claim,
                            const v1::History* history) const;
  v1::CheckResult CheckWire(WireFormat format, absl::string_view claim,
                            absl::string_view history) const;

  const RulePack& pack() const { return *pack_; }
  const EngineOptions& options() const { return options_; }

 private:
  Engine(std::shared_ptr<const RulePack> pack, EngineOptions options);
  v1::CheckResult Unreadable(absl::string_view field, const absl::Status& status) const;

  std::shared_ptr<const RulePack> pack_;
  EngineOptions options_;
  std::vector<std::unique_ptr<internal::Checker>> checkers_;
};

}  // namespace coderules

#endif  // CODERULES_INCLUDE_CODERULES_ENGINE_H_
