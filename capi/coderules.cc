// The C ABI over the C++ engine: handle structs, one exception guard, Status to code, the
// thread-local last error and library-owned buffers.
#include "coderules.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "absl/status/status.h"
#include "coderules/engine.h"
#include "coderules/lookup.h"
#include "coderules/rule_pack.h"

struct coderules_options {
  coderules::EngineOptions options;
};

struct coderules_engine {
  std::unique_ptr<coderules::Engine> engine;
};

namespace {

// The last error lives in a fixed buffer so that reporting a failure never allocates.
thread_local char last_error[1024];

void ClearError() { last_error[0] = '\0'; }

int32_t Fail(int32_t code, absl::string_view message) {
  const size_t n = std::min(message.size(), sizeof(last_error) - 1);
  std::memcpy(last_error, message.data(), n);
  last_error[n] = '\0';
  return code;
}

int32_t Fail(const absl::Status& status) {
  return Fail(static_cast<int32_t>(status.code()), status.message());
}

// Runs an entry point's body: clears the last error, and turns any exception into a status.
template <typename Body>
int32_t Guard(Body body) noexcept {
  ClearError();
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(CODERULES_RESOURCE_EXHAUSTED, "out of memory");
  } catch (...) {
    return Fail(CODERULES_INTERNAL, "internal error");
  }
}

struct Bound {
  int64_t min, max;
};

bool OptionBounds(int32_t key, Bound* bound) {
  switch (key) {
    case CODERULES_OPT_MAX_LINES:
      *bound = {1, 1000000};
      return true;
    case CODERULES_OPT_MAX_HISTORY_LINES:
      *bound = {0, 10000000};
      return true;
    case CODERULES_OPT_MAX_INPUT_BYTES:
      *bound = {1, INT32_MAX};
      return true;
  }
  return false;
}

int32_t MakeEngine(absl::StatusOr<std::shared_ptr<const coderules::RulePack>> pack,
                   const coderules_options* options, coderules_engine** out) {
  if (!pack.ok()) return Fail(pack.status());
  absl::StatusOr<std::unique_ptr<coderules::Engine>> engine = coderules::Engine::Create(
      *std::move(pack), options == nullptr ? coderules::EngineOptions() : options->options);
  if (!engine.ok()) return Fail(engine.status());
  *out = new coderules_engine{*std::move(engine)};
  return CODERULES_OK;
}

// The checks every call that answers in a buffer starts with; empties the buffer.
int32_t StartOutput(const coderules_engine* engine, int32_t format, coderules_buffer* out) {
  if (out == nullptr) return Fail(CODERULES_INVALID_ARGUMENT, "out is NULL");
  out->data = nullptr;
  out->size = 0;
  if (engine == nullptr) return Fail(CODERULES_INVALID_ARGUMENT, "engine is NULL");
  if (format != CODERULES_FORMAT_BINARY && format != CODERULES_FORMAT_JSON) {
    return Fail(CODERULES_INVALID_ARGUMENT, "format is neither CODERULES_FORMAT_BINARY nor _JSON");
  }
  return CODERULES_OK;
}

// Serializes `message` into a library-owned, NUL-terminated buffer.
int32_t Output(coderules::WireFormat wire, const google::protobuf::Message& message,
               coderules_buffer* out) {
  absl::StatusOr<std::string> bytes = coderules::SerializeWire(wire, message);
  if (!bytes.ok()) return Fail(bytes.status());
  auto* data = static_cast<uint8_t*>(std::malloc(bytes->size() + 1));
  if (data == nullptr) return Fail(CODERULES_RESOURCE_EXHAUSTED, "out of memory");
  std::memcpy(data, bytes->data(), bytes->size());
  data[bytes->size()] = 0;
  out->data = data;
  out->size = bytes->size();
  return CODERULES_OK;
}

}  // namespace

extern "C" {

int32_t coderules_version_number(void) { return CODERULES_VERSION_NUMBER; }
const char* coderules_version_string(void) { return CODERULES_VERSION_STRING; }
int32_t coderules_abi_version(void) { return CODERULES_ABI_VERSION; }

const char* coderules_status_name(int32_t status) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  if (status < 0 || status >= static_cast<int32_t>(sizeof(kNames) / sizeof(kNames[0]))) {
    return "UNRECOGNIZED";
  }
  return kNames[status];
}

const char* coderules_last_error_message(void) { return last_error; }

int32_t coderules_options_create(coderules_options** out) {
  return Guard([&] {
    if (out == nullptr) return Fail(CODERULES_INVALID_ARGUMENT, "out is NULL");
    *out = new coderules_options();
    return CODERULES_OK;
  });
}

void coderules_options_destroy(coderules_options* options) { delete options; }

int32_t coderules_options_bounds(int32_t key, int64_t* min_out, int64_t* max_out) {
  return Guard([&] {
    Bound bound;
    if (min_out == nullptr || max_out == nullptr) {
      return Fail(CODERULES_INVALID_ARGUMENT, "min_out or max_out is NULL");
    }
    if (!OptionBounds(key, &bound)) return Fail(CODERULES_INVALID_ARGUMENT, "unknown option key");
    *min_out = bound.min;
    *max_out = bound.max;
    return CODERULES_OK;
  });
}

int32_t coderules_options_set_int(coderules_options* options, int32_t key, int64_t value) {
  return Guard([&] {
    Bound bound;
    if (options == nullptr) return Fail(CODERULES_INVALID_ARGUMENT, "options is NULL");
    if (!OptionBounds(key, &bound)) return Fail(CODERULES_INVALID_ARGUMENT, "unknown option key");
    if (value < bound.min || value > bound.max) {
      return Fail(CODERULES_OUT_OF_RANGE, "option value out of range");
    }
    switch (key) {
      case CODERULES_OPT_MAX_LINES:
        options->options.max_lines = static_cast<int>(value);
        break;
      case CODERULES_OPT_MAX_HISTORY_LINES:
        options->options.max_history_lines = static_cast<int>(value);
        break;
      case CODERULES_OPT_MAX_INPUT_BYTES:
        options->options.max_input_bytes = static_cast<size_t>(value);
        break;
    }
    return CODERULES_OK;
  });
}

int32_t coderules_engine_create_from_file(coderules_engine** out, const char* path,
                                          size_t path_size, const coderules_options* options) {
  return Guard([&] {
    if (out == nullptr || path == nullptr) {
      return Fail(CODERULES_INVALID_ARGUMENT, "out or path is NULL");
    }
    *out = nullptr;
    const std::string file(path, path_size);
    if (file.find('\0') != std::string::npos) {
      return Fail(CODERULES_INVALID_ARGUMENT, "path contains a NUL byte");
    }
    return MakeEngine(coderules::RulePack::Load(file), options, out);
  });
}

int32_t coderules_engine_create_from_bytes(coderules_engine** out, const uint8_t* data, size_t size,
                                           const coderules_options* options) {
  return Guard([&] {
    if (out == nullptr || (data == nullptr && size > 0)) {
      return Fail(CODERULES_INVALID_ARGUMENT, "out or data is NULL");
    }
    *out = nullptr;
    return MakeEngine(coderules::RulePack::FromBytes(
                          absl::string_view(reinterpret_cast<const char*>(data), size)),
                      options, out);
  });
}

void coderules_engine_destroy(coderules_engine* engine) { delete engine; }

const char* coderules_engine_pack_version(const coderules_engine* engine) {
  ClearError();
  return engine == nullptr ? "" : engine->engine->pack().version().c_str();
}

int32_t coderules_engine_check(const coderules_engine* engine, int32_t format, const uint8_t* claim,
                               size_t claim_size, const uint8_t* history, size_t history_size,
                               coderules_buffer* out) {
  return Guard([&] {
    if (int32_t status = StartOutput(engine, format, out); status != CODERULES_OK) return status;
    if ((claim == nullptr && claim_size > 0) || (history == nullptr && history_size > 0)) {
      return Fail(CODERULES_INVALID_ARGUMENT, "claim or history is NULL");
    }
    const auto wire = static_cast<coderules::WireFormat>(format);
    const coderules::v1::CheckResult result = engine->engine->CheckWire(
        wire, absl::string_view(reinterpret_cast<const char*>(claim), claim_size),
        absl::string_view(reinterpret_cast<const char*>(history), history_size));
    return Output(wire, result, out);
  });
}

int32_t coderules_engine_lookup(const coderules_engine* engine, int32_t format, const char* code,
                                size_t code_size, const char* date, size_t date_size,
                                coderules_buffer* out) {
  return Guard([&] {
    if (int32_t status = StartOutput(engine, format, out); status != CODERULES_OK) return status;
    if ((code == nullptr && code_size > 0) || (date == nullptr && date_size > 0)) {
      return Fail(CODERULES_INVALID_ARGUMENT, "code or date is NULL");
    }
    absl::StatusOr<coderules::v1::LookupResult> result =
        coderules::LookupCode(engine->engine->pack(), absl::string_view(code, code_size),
                              absl::string_view(date, date_size));
    if (!result.ok()) return Fail(result.status());
    return Output(static_cast<coderules::WireFormat>(format), *result, out);
  });
}

int32_t coderules_engine_pack_info(const coderules_engine* engine, int32_t format,
                                   coderules_buffer* out) {
  return Guard([&] {
    if (int32_t status = StartOutput(engine, format, out); status != CODERULES_OK) return status;
    return Output(static_cast<coderules::WireFormat>(format), engine->engine->pack().info(), out);
  });
}

void coderules_buffer_free(coderules_buffer* buffer) {
  if (buffer == nullptr) return;
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->size = 0;
}

}  // extern "C"
