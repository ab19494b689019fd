// capi/coderules.h compiled as C++: the same checks as header_test.c, which this includes.
#include "header_test.c"
