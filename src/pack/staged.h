#ifndef CODERULES_SRC_PACK_STAGED_H_
#define CODERULES_SRC_PACK_STAGED_H_

#include <cstdint>
#include <string>
#include <vector>

#include "src/internal/date.h"

namespace coderules::internal {

// Rows read from one source, before they join a pack. Rationale indices point into `rationales`;
// the builder renumbers them and assigns the source index when it merges.
struct StagedPtp {
  uint32_t column1;
  uint32_t column2;
  Day effective;
  Day deletion;
  uint32_t rationale;
  uint16_t source;
  uint8_t indicator;
};

struct StagedMue {
  uint32_t code;
  Day effective;
  Day end;
  int32_t value;
  uint32_t rationale;
  uint16_t source;
  uint8_t mai;
};

struct StagedAddOn {
  uint32_t add_on;
  uint32_t primary;  // ProcedureKey or kContractorPrimary
  Day effective;
  Day end;
  uint16_t source;
  uint8_t type;
};

struct Staged {
  std::vector<std::string> rationales;
  std::vector<StagedPtp> ptp_practitioner;
  std::vector<StagedPtp> ptp_facility;
  std::vector<StagedMue> mue_practitioner;
  std::vector<StagedMue> mue_facility;
  std::vector<StagedAddOn> add_on;
};

}  // namespace coderules::internal

#endif  // CODERULES_SRC_PACK_STAGED_H_
