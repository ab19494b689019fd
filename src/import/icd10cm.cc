// ICD-10-CM order file and tabular list.
#include "src/import/code_sets.h"

namespace coderules::internal {

absl::Status ImportIcd10CmOrder(absl::string_view contents, Staged* out, ImportReport* report) {
  return absl::UnimplementedError("the ICD-10-CM order file reader is not written yet");
}

absl::Status ImportIcd10CmTabular(absl::string_view contents, Staged* out, ImportReport* report) {
  return absl::UnimplementedError("the ICD-10-CM tabular reader is not written yet");
}

}  // namespace coderules::internal
