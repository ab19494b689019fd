#ifndef CODERULES_TESTS_FUZZ_FUZZ_UTIL_H_
#define CODERULES_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "coderules/engine.h"

// Inputs larger than this are skipped: bigger ones find nothing new and slow the search.
inline constexpr size_t kMaxFuzzInput = 64 * 1024;

// A small pack with one row of each kind, so that every edit family runs.
inline const coderules::Engine& FuzzEngine() {
  static const coderules::Engine* engine = [] {
    coderules::PackBuilder builder("fuzz");
    auto report = builder.AddContents(coderules::SourceKind::kRules, "fuzz.textproto", R"pb(
      ptp_practitioner {
        column1: "11111"
        column2: "22222"
        effective_date: "2020-01-01"
        modifier_indicator: "1"
      }
      ptp_facility {
        column1: "11111"
        column2: "22222"
        effective_date: "2020-01-01"
        modifier_indicator: "0"
      }
      mue_practitioner { code: "22222" value: 1 mai: 2 }
      add_on { add_on: "33333" primary: "11111" type: 1 effective_date: "2020-01-01" }
    )pb");
    auto bytes = std::move(builder).Build();
    auto pack = bytes.ok() ? coderules::RulePack::FromBytes(*bytes) : bytes.status();
    auto created = pack.ok() ? coderules::Engine::Create(*pack) : pack.status();
    if (!report.ok() || !created.ok()) std::abort();
    return created->release();
  }();
  return *engine;
}

#endif  // CODERULES_TESTS_FUZZ_FUZZ_UTIL_H_
