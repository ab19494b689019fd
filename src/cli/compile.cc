// coderules compile: rule sources in, one pack out.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "coderules/rule_pack.h"
#include "src/cli/args.h"
#include "src/cli/commands.h"

namespace coderules::cli {

int Compile(int argc, char** argv) {
  static const std::vector<std::pair<std::string, SourceKind>> kSourceFlags = {
      {"ptp-practitioner", SourceKind::kPtpPractitioner},
      {"ptp-facility", SourceKind::kPtpFacility},
      {"mue-practitioner", SourceKind::kMuePractitioner},
      {"mue-facility", SourceKind::kMueFacility},
      {"aoc", SourceKind::kAddOn},
      {"icd10cm-order", SourceKind::kIcd10CmOrder},
      {"icd10cm-tabular", SourceKind::kIcd10CmTabular},
      {"icd10-validity", SourceKind::kIcd10Validity},
      {"mce-lists", SourceKind::kMceLists},
      {"hcpcs", SourceKind::kHcpcs},
      {"mpfs", SourceKind::kMpfs},
  };
  // Folders some flags accept, and the files of the MCE extract they stand for.
  static const std::map<SourceKind, std::vector<std::string>> kFolderFiles = {
      {SourceKind::kIcd10Validity, {"icd10cm_validity.tsv", "icd10pcs_validity.tsv"}},
      {SourceKind::kMceLists, {"code_lists.tsv"}},
  };
  std::set<std::string> with_value = {"out", "pack-version"};
  for (const auto& [flag, kind] : kSourceFlags) with_value.insert(flag);
  absl::StatusOr<Args> args = ParseArgs(argc, argv, 2, with_value, {"strict"});
  if (!args.ok() || args->Last("out").empty()) {
    absl::FPrintF(stderr, "coderules compile: %s\n",
                  args.ok() ? "--out PACK is required" : args.status().message());
    return 2;
  }
  std::vector<std::pair<SourceKind, std::string>> sources;
  for (const std::string& path : args->positional) sources.emplace_back(SourceKind::kDetect, path);
  for (const auto& [flag, kind] : kSourceFlags) {
    for (const std::string& path : args->All(flag)) {
      auto folder = kFolderFiles.find(kind);
      if (folder != kFolderFiles.end() && std::filesystem::is_directory(path)) {
        for (const std::string& file : folder->second) sources.emplace_back(kind, path + "/" + file);
      } else {
        sources.emplace_back(kind, path);
      }
    }
  }
  if (sources.empty()) {
    absl::FPrintF(stderr, "coderules compile: no sources given\n");
    return 2;
  }

  PackBuilder builder(args->Last("pack-version", "unversioned"));
  int64_t rejected = 0;
  const bool terminal = isatty(STDERR_FILENO) != 0;
  for (size_t i = 0; i < sources.size(); ++i) {
    const auto& [kind, path] = sources[i];
    // A progress bar only for a person watching: nothing when stderr is a file or a pipe.
    if (terminal) {
      const size_t done = 30 * i / sources.size();
      absl::FPrintF(stderr, "\r[%s%s] %d/%d %s\x1b[K", std::string(done, '#'),
                    std::string(30 - done, '.'), i + 1, sources.size(), path);
    }
    absl::StatusOr<ImportReport> report = builder.AddFile(kind, path);
    if (terminal) absl::FPrintF(stderr, "\r\x1b[K");
    if (!report.ok()) {
      absl::FPrintF(stderr, "coderules compile: %s\n", report.status().message());
      return 1;
    }
    absl::FPrintF(stderr, "%s (%s%s%s): %d rows read, %d accepted, %d rejected\n", path,
                  SourceKindName(report->kind), report->version.empty() ? "" : ", version ",
                  report->version, report->rows_read, report->rows_accepted, report->rows_rejected);
    for (const RejectedRow& row : report->rejected) {
      absl::FPrintF(stderr, "  %s:%d: rejected: %s\n", path, row.line, row.reason);
    }
    rejected += report->rows_rejected;
  }
  if (rejected > 0 && args->Has("strict")) {
    absl::FPrintF(stderr, "coderules compile: %d rows rejected; --strict: no pack written\n",
                  rejected);
    return 1;
  }
  absl::StatusOr<std::string> bytes = std::move(builder).Build();
  // Loading what was built verifies it before it replaces anything.
  absl::StatusOr<std::shared_ptr<const RulePack>> pack =
      bytes.ok() ? RulePack::FromBytes(*bytes) : bytes.status();
  absl::Status written = pack.ok() ? WriteFileAtomically(args->Last("out"), *bytes) : pack.status();
  if (!written.ok()) {
    absl::FPrintF(stderr, "coderules compile: %s\n", written.message());
    return 1;
  }
  int64_t duplicates = 0;
  for (const v1::PackSource& s : (*pack)->info().sources()) duplicates += s.rows_duplicate();
  absl::FPrintF(stderr,
                "wrote %s: pack version %s, %d bytes, %d sources, %d rejected rows, %d duplicate "
                "rows kept once\n",
                args->Last("out"), (*pack)->version(), bytes->size(),
                (*pack)->info().sources_size(), rejected, duplicates);
  return 0;
}

}  // namespace coderules::cli
