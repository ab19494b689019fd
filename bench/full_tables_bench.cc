// Benchmarks on full-size tables (../shared/tools/gen_ncci.py output for NCCI, the published
// code sets of ../shared/data): compile time, pack size, load time, resident memory, and checked
// service lines per second.
//
//   coderules_bench --data=DIR [--shared-data=DIR] [benchmark flags]
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "benchmark/benchmark.h"
#include "coderules/code.h"
#include "coderules/engine.h"
#include "coderules/rule_pack.h"
#include "src/pack/pack_format.h"

namespace coderules {
namespace {

std::string data_dir;
std::string shared_data = CODERULES_SHARED_DATA;
const std::string kSourceDir = CODERULES_SOURCE_DIR;
std::string pack_path;
std::shared_ptr<const RulePack> pack;

// Resident set size of this process, in bytes.
int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Compiles everything once, the way `coderules compile` does, and reports the figures that are
// not rates: the generated NCCI tables as both the practitioner and the outpatient-hospital
// tables, the shipped catalogues, and every code set in ../shared/data (all ICD-10-CM and -PCS
// years of the MCE, the ICD-10-CM order file and tabular list, HCPCS, MPFS).
bool Prepare() {
  const auto start = std::chrono::steady_clock::now();
  PackBuilder builder("bench");
  std::vector<std::pair<SourceKind, std::string>> sources;
  for (int part = 1; part <= 4; ++part) {
    const std::string ptp = absl::StrFormat("%s/ccipra-v321r0-f%d.txt", data_dir, part);
    sources.emplace_back(SourceKind::kPtpPractitioner, ptp);
    sources.emplace_back(SourceKind::kPtpFacility, ptp);
  }
  const std::string mue = data_dir + "/MCR_MUE_PractitionerServices_Eff_10-01-2025.csv";
  sources.emplace_back(SourceKind::kMuePractitioner, mue);
  sources.emplace_back(SourceKind::kMueFacility, mue);
  sources.emplace_back(SourceKind::kAddOn, data_dir + "/AOC_V2025Q4-MCR.csv");
  sources.emplace_back(SourceKind::kRules, kSourceDir + "/rules/catalogue/modifiers.textproto");
  sources.emplace_back(SourceKind::kRules,
                       kSourceDir + "/rules/catalogue/places_of_service.textproto");
  const std::pair<SourceKind, const char*> code_sets[] = {
      {SourceKind::kIcd10Validity, "mce-v43/icd10cm_validity.tsv"},
      {SourceKind::kIcd10Validity, "mce-v43/icd10pcs_validity.tsv"},
      {SourceKind::kMceLists, "mce-v43/code_lists.tsv"},
      {SourceKind::kIcd10CmOrder, "icd10cm-fy2021-jan/icd10cm-order-Jan-2021.txt"},
      {SourceKind::kIcd10CmTabular, "icd10cm-fy2021-jan/icd10cm_tabular_2021.xml"},
      {SourceKind::kHcpcs, "hcpcs-2020-anweb/HCPC2020_ANWEB_w_disclaimer.txt"},
      {SourceKind::kMpfs, "mpfs-rvu25d-oct2025/PPRRVU2025_Oct_CPT-descriptors-removed.csv"},
  };
  for (const auto& [kind, name] : code_sets) {
    const std::string path = shared_data + "/" + name;
    if (std::ifstream(path).good()) {
      sources.emplace_back(kind, path);
    } else {
      absl::FPrintF(stderr, "not found, left out: %s\n", path);
    }
  }
  int64_t rows = 0;
  for (const auto& [kind, path] : sources) {
    absl::StatusOr<ImportReport> report = builder.AddFile(kind, path);
    if (!report.ok()) {
      absl::FPrintF(stderr, "%s\n", report.status().message());
      return false;
    }
    rows += report->rows_accepted;
  }
  absl::StatusOr<std::string> bytes = std::move(builder).Build();
  if (!bytes.ok()) return false;
  const double compile_s = Seconds(start);
  pack_path = data_dir + "/bench.pack";
  if (!WriteFileAtomically(pack_path, *bytes).ok()) return false;
  const size_t pack_bytes = bytes->size();
  bytes = std::string();
  malloc_trim(0);  // so that the resident size below counts the pack, not the builder's leftovers

  const int64_t rss_before = ResidentBytes();
  const auto load_start = std::chrono::steady_clock::now();
  absl::StatusOr<std::shared_ptr<const RulePack>> loaded = RulePack::Load(pack_path);
  const double load_s = Seconds(load_start);
  if (!loaded.ok()) return false;
  pack = *loaded;
  absl::FPrintF(stderr,
                "full-size tables: %d rows compiled in %.2f s; pack %.1f MB; first load %.1f ms; "
                "resident memory +%.1f MB for the pack (process %.1f MB)\n",
                rows, compile_s, pack_bytes / 1e6, load_s * 1e3,
                (ResidentBytes() - rss_before) / 1e6, ResidentBytes() / 1e6);
  return true;
}

void BM_LoadPack(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<std::shared_ptr<const RulePack>> loaded = RulePack::Load(pack_path);
    if (!loaded.ok()) state.SkipWithError("load failed");
    benchmark::DoNotOptimize(loaded);
  }
}
BENCHMARK(BM_LoadPack)->Unit(benchmark::kMillisecond);

// Claims of `lines_per_claim` lines on one date of service, codes drawn from the codes the tables
// name. `related` claims take half their lines from PTP pairs and an add-on code, so that nearly
// every claim has findings; otherwise codes are independent, as on most claims, and edits fire
// only where random codes happen to meet one.
std::vector<v1::Claim> MakeClaims(int lines_per_claim, int count, bool related) {
  const internal::PackTables& t = pack->tables();
  std::mt19937_64 rng(lines_per_claim * 7919 + count + related);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  // Every code the tables name; those that are column 2 of a PTP edit; the add-on codes.
  std::vector<ProcedureKey> universe, column2, add_ons;
  const internal::Directory<internal::ProcedureEntry>& codes = t.procedures;
  for (size_t i = 0; i < codes.keys.size(); ++i) {
    universe.push_back(static_cast<ProcedureKey>(codes.keys[i]));
    if (!codes.entries[i].ptp[0].empty()) column2.push_back(static_cast<ProcedureKey>(i));
    if (!codes.entries[i].add_on.empty()) add_ons.push_back(universe.back());
  }
  // A billable ICD-10-CM code valid on `day`, when the pack has any.
  auto diagnosis = [&](internal::Day day) -> std::string {
    const internal::Directory<internal::IcdEntry>& dx = t.icd10cm;
    for (int attempt = 0; attempt < 100 && !dx.keys.empty(); ++attempt) {
      const size_t k = pick(dx.keys.size());
      for (const internal::ValidityRow& row :
           internal::RowsOf(t.icd10cm_validity, dx.entries[k].validity)) {
        if (row.billable && internal::InWindow(day, row.effective, row.end)) {
          return Icd10CmDisplay(dx.keys[k]);
        }
      }
    }
    return "";
  };
  std::vector<v1::Claim> claims(count);
  for (v1::Claim& claim : claims) {
    claim.set_id("bench");
    claim.set_type(v1::Claim::PROFESSIONAL);
    // Dates inside the ICD-10 years the MCE files cover, so that diagnoses are judged.
    const std::string dos = absl::StrFormat("20%02d-%02d-15", 16 + pick(10), 1 + pick(12));
    const int diagnoses = std::min(12, 1 + lines_per_claim / 2);
    for (int d = 0; d < diagnoses; ++d) {
      const std::string code = diagnosis(*internal::ParseIsoDate(dos));
      if (!code.empty()) claim.add_diagnoses()->set_code(code);
    }
    std::vector<ProcedureKey> lines;
    while (static_cast<int>(lines.size()) < lines_per_claim) {
      if (related) {
        const size_t k = column2[pick(column2.size())];
        // A column-1 partner of the column-2 code.
        lines.push_back(t.ptp[0].column1[codes.entries[k].ptp[0].begin]);
        lines.push_back(universe[k]);
        lines.push_back(add_ons[pick(add_ons.size())]);
      }
      lines.push_back(universe[pick(universe.size())]);
    }
    for (int i = 0; i < lines_per_claim; ++i) {
      v1::ServiceLine* line = claim.add_lines();
      line->set_number(i + 1);
      line->set_code(ProcedureCodeText(lines[i]));
      line->set_units(1 + pick(2));
      line->set_date_of_service(dos);
      if (pick(5) == 0) line->add_modifiers("59");
      if (claim.diagnoses_size() > 0) line->add_diagnosis_pointers(1 + pick(claim.diagnoses_size()));
    }
  }
  return claims;
}

// Checks through the C++ API; range(0) lines per claim, range(1) 1 for related codes.
void BM_Check(benchmark::State& state) {
  const int lines = static_cast<int>(state.range(0));
  const bool related = state.range(1) != 0;
  const std::vector<v1::Claim> claims = MakeClaims(lines, 4096, related);
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(pack);
  size_t i = 0;
  int64_t findings = 0;
  for (auto _ : state) {
    v1::CheckResult result = (*engine)->Check(claims[i++ % claims.size()]);
    findings += result.findings_size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["lines/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * lines,
                                                 benchmark::Counter::kIsRate);
  state.counters["findings/claim"] = benchmark::Counter(
      static_cast<double>(findings) / state.iterations(), benchmark::Counter::kAvgThreads);
}
BENCHMARK(BM_Check)
    ->ArgNames({"lines", "related"})
    ->ArgsProduct({{1, 4, 10, 25, 50}, {0, 1}})
    ->Threads(1)
    ->Threads(2);

// The same through the wire: proto3 JSON in and out, as the CLI and the C ABI see it.
void BM_CheckJson(benchmark::State& state) {
  const int lines = static_cast<int>(state.range(0));
  std::vector<std::string> json;
  for (const v1::Claim& claim : MakeClaims(lines, 1024, false))
    json.push_back(*SerializeWire(WireFormat::kJson, claim));
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(pack);
  size_t i = 0;
  for (auto _ : state) {
    v1::CheckResult result =
        (*engine)->CheckWire(WireFormat::kJson, json[i++ % json.size()], nullptr);
    benchmark::DoNotOptimize(SerializeWire(WireFormat::kJson, result));
  }
  state.counters["lines/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * lines,
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CheckJson)->Arg(4);

}  // namespace
}  // namespace coderules

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--data=", 7) == 0) coderules::data_dir = argv[i] + 7;
    if (std::strncmp(argv[i], "--shared-data=", 14) == 0) coderules::shared_data = argv[i] + 14;
  }
  if (coderules::data_dir.empty()) {
    std::fprintf(stderr,
                 "usage: coderules_bench --data=DIR (the output of gen_ncci.py) "
                 "[--shared-data=DIR (../shared/data)]\n");
    return 2;
  }
  benchmark::Initialize(&argc, argv);
  if (!coderules::Prepare()) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
