#ifndef CODERULES_SRC_CLI_COMMANDS_H_
#define CODERULES_SRC_CLI_COMMANDS_H_

namespace coderules::cli {

// Each returns the process exit status: 0 success, 1 failure, 2 usage error.
int Compile(int argc, char** argv);
int Check(int argc, char** argv);
int Lookup(int argc, char** argv);
int Diff(int argc, char** argv);

}  // namespace coderules::cli

#endif  // CODERULES_SRC_CLI_COMMANDS_H_
