// HCPCS Level II file and MPFS RVU file.
#include "src/import/code_sets.h"

namespace coderules::internal {

absl::Status ImportHcpcs(absl::string_view contents, Staged* out, ImportReport* report) {
  return absl::UnimplementedError("the HCPCS reader is not written yet");
}

absl::Status ImportMpfs(absl::string_view contents, Staged* out, ImportReport* report) {
  return absl::UnimplementedError("the MPFS reader is not written yet");
}

}  // namespace coderules::internal
