#ifndef CODERULES_SRC_IMPORT_DETECT_H_
#define CODERULES_SRC_IMPORT_DETECT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coderules/importers.h"

namespace coderules::internal {

// The kind of a source file given without a flag, told from its content. Refuses, naming the
// flags to use, what content cannot tell apart (practitioner from outpatient PTP files).
absl::StatusOr<SourceKind> DetectSourceKind(absl::string_view name, absl::string_view contents);

}  // namespace coderules::internal

#endif  // CODERULES_SRC_IMPORT_DETECT_H_
