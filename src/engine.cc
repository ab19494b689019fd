#include "coderules/engine.h"

#include <climits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/json_util.h"
#include "src/internal/text.h"
#include "src/rules/checker.h"
#include "src/rules/claim_view.h"

namespace coderules {

absl::Status ParseWire(WireFormat format, absl::string_view bytes, size_t max_bytes,
                       google::protobuf::Message* out) {
  const std::string type = out->GetDescriptor()->name();
  max_bytes = std::min<size_t>(max_bytes, INT_MAX);
  if (bytes.size() > max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("The ", type, " is larger than the limit of ", max_bytes, " bytes."));
  }
  switch (format) {
    case WireFormat::kBinary:
      if (!out->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
        return absl::InvalidArgumentError(
            absl::StrCat("The input is not a binary coderules.v1.", type, " message."));
      }
      return absl::OkStatus();
    case WireFormat::kJson: {
      if (!internal::IsValidUtf8(bytes)) {
        return absl::InvalidArgumentError(absl::StrCat("The ", type, " JSON is not valid UTF-8."));
      }
      google::protobuf::util::JsonParseOptions options;
      const google::protobuf::util::Status status = google::protobuf::util::JsonStringToMessage(
          google::protobuf::StringPiece(bytes.data(), bytes.size()), out, options);
      if (!status.ok()) {
        // The parser's own message quotes the input, which may be claim content.
        return absl::InvalidArgumentError(absl::StrCat(
            "The input is not a coderules.v1.", type,
            " in proto3 JSON (malformed JSON, an unknown field, or a value of the wrong type)."));
      }
      return absl::OkStatus();
    }
  }
  return absl::InvalidArgumentError("Unknown wire format.");
}

absl::StatusOr<std::string> SerializeWire(WireFormat format, const google::protobuf::Message& msg) {
  std::string out;
  switch (format) {
    case WireFormat::kBinary:
      if (!msg.SerializeToString(&out)) return absl::InternalError("Serialization failed.");
      return out;
    case WireFormat::kJson: {
      const google::protobuf::util::Status status =
          google::protobuf::util::MessageToJsonString(msg, &out);
      if (!status.ok()) return absl::InternalError("JSON serialization failed.");
      return out;
    }
  }
  return absl::InvalidArgumentError("Unknown wire format.");
}

Engine::Engine(std::shared_ptr<const RulePack> pack, EngineOptions options)
    : pack_(std::move(pack)), options_(options) {
  checkers_.push_back(internal::NewProcedureCodeChecker());
  checkers_.push_back(internal::NewDiagnosisChecker());
  checkers_.push_back(internal::NewPtpChecker());
  checkers_.push_back(internal::NewMueChecker());
  checkers_.push_back(internal::NewAddOnChecker());
}

Engine::~Engine() = default;

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(std::shared_ptr<const RulePack> pack,
                                                       EngineOptions options) {
  if (pack == nullptr) return absl::InvalidArgumentError("Engine::Create: no rule pack.");
  if (options.max_lines < 1 || options.max_history_lines < 0 || options.max_input_bytes < 1) {
    return absl::InvalidArgumentError("Engine::Create: limits must be positive.");
  }
  return std::unique_ptr<Engine>(new Engine(std::move(pack), options));
}

v1::CheckResult Engine::Check(const v1::Claim& claim, const v1::History* history) const {
  v1::CheckResult result;
  result.set_claim_id(claim.id());
  result.set_pack_version(pack_->version());
  internal::ClaimView view;
  if (!internal::BuildClaimView(claim, history, options_, pack_->tables(), &view, &result)) {
    return result;
  }
  for (const std::unique_ptr<internal::Checker>& checker : checkers_) {
    checker->Check(*pack_, view, &result);
  }
  return result;
}

v1::CheckResult Engine::Unreadable(absl::string_view field, const absl::Status& status) const {
  v1::CheckResult result;
  result.set_pack_version(pack_->version());
  v1::Finding* f = internal::AddFinding(&result, "CLAIM_MALFORMED", v1::Finding::REJECT_CLAIM);
  f->set_field(std::string(field));
  f->set_message(std::string(status.message()));
  f->set_fix(absl::StrCat("Send the ", field, " as a coderules.v1.",
                          field == "claim" ? "Claim" : "History", " message."));
  return result;
}

v1::CheckResult Engine::CheckWire(WireFormat format, absl::string_view claim,
                                  const v1::History* history) const {
  v1::Claim parsed;
  const absl::Status status = ParseWire(format, claim, options_.max_input_bytes, &parsed);
  if (!status.ok()) return Unreadable("claim", status);
  return Check(parsed, history);
}

v1::CheckResult Engine::CheckWire(WireFormat format, absl::string_view claim,
                                  absl::string_view history) const {
  if (history.empty()) return CheckWire(format, claim, nullptr);
  v1::History parsed;
  const absl::Status status = ParseWire(format, history, options_.max_input_bytes, &parsed);
  if (!status.ok()) return Unreadable("history", status);
  return CheckWire(format, claim, &parsed);
}

}  // namespace coderules
