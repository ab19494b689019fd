// coderules check: JSONL claims in, JSONL results out.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "coderules/engine.h"
#include "src/cli/args.h"
#include "src/cli/commands.h"
#include "src/import/table_reader.h"

namespace coderules::cli {
namespace {

// Reads lines of at most `limit` bytes; a longer line is consumed whole and reported as too long,
// so one bad line never stops the run.
class LineSource {
 public:
  LineSource(std::FILE* file, size_t limit) : file_(file), limit_(limit) {}

  // False at the end of input. `too_long` is set instead of filling `line` past the limit.
  bool Next(std::string* line, bool* too_long) {
    line->clear();
    *too_long = false;
    int c;
    bool any = false;
    while ((c = getc_unlocked(file_)) != EOF) {
      any = true;
      if (c == '\n') return true;
      if (line->size() < limit_) {
        line->push_back(static_cast<char>(c));
      } else {
        *too_long = true;
      }
    }
    return any;
  }
  bool failed() const { return std::ferror(file_) != 0; }

 private:
  std::FILE* file_;
  size_t limit_;
};

}  // namespace

int Check(int argc, char** argv) {
  absl::StatusOr<Args> args = ParseArgs(argc, argv, 2, {"pack", "history", "max-lines"}, {});
  if (!args.ok() || args->Last("pack").empty()) {
    absl::FPrintF(stderr, "coderules check: %s\n",
                  args.ok() ? "--pack PACK is required" : args.status().message());
    return 2;
  }
  EngineOptions options;
  if (args->values.count("max-lines") > 0 &&
      (!absl::SimpleAtoi(args->Last("max-lines"), &options.max_lines) || options.max_lines < 1)) {
    absl::FPrintF(stderr, "coderules check: --max-lines needs a positive number\n");
    return 2;
  }
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Load(args->Last("pack"));
  if (!pack.ok()) {
    absl::FPrintF(stderr, "coderules check: %s\n", pack.status().message());
    return 1;
  }
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(*pack, options);
  if (!engine.ok()) {
    absl::FPrintF(stderr, "coderules check: %s\n", engine.status().message());
    return 1;
  }
  v1::History history;
  const bool has_history = args->values.count("history") > 0;
  if (has_history) {
    const std::string path = args->Last("history");
    absl::StatusOr<std::string> text = internal::ReadSourceFile(path);
    absl::Status status =
        text.ok() ? ParseWire(WireFormat::kJson, *text, options.max_input_bytes, &history)
                  : text.status();
    if (!status.ok()) {
      absl::FPrintF(stderr, "coderules check: %s: %s\n", path, status.message());
      return 1;
    }
  }

  std::vector<std::string> inputs = args->positional;
  if (inputs.empty()) inputs.push_back("-");
  std::string line, out;
  for (const std::string& input : inputs) {
    std::FILE* file = input == "-" ? stdin : std::fopen(input.c_str(), "rb");
    if (file == nullptr) {
      absl::FPrintF(stderr, "coderules check: %s: cannot open\n", input);
      return 1;
    }
    LineSource source(file, options.max_input_bytes);
    bool too_long;
    while (source.Next(&line, &too_long)) {
      if (!too_long && absl::StripAsciiWhitespace(line).empty()) continue;
      // A line over the limit goes on one byte over it, so that the engine reports its size.
      if (too_long) line.push_back(' ');
      const v1::CheckResult result =
          (*engine)->CheckWire(WireFormat::kJson, line, has_history ? &history : nullptr);
      absl::StatusOr<std::string> json = SerializeWire(WireFormat::kJson, result);
      if (!json.ok()) {
        absl::FPrintF(stderr, "coderules check: %s\n", json.status().message());
        return 1;
      }
      std::fwrite(json->data(), 1, json->size(), stdout);
      std::fputc('\n', stdout);
    }
    const bool failed = source.failed();
    if (file != stdin) std::fclose(file);
    if (failed) {
      absl::FPrintF(stderr, "coderules check: %s: read error\n", input);
      return 1;
    }
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace coderules::cli
