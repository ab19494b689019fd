/* Linkage, calling convention and deprecation macros of the coderules C API. */
#ifndef CODERULES_CAPI_CODERULES_EXPORT_H_
#define CODERULES_CAPI_CODERULES_EXPORT_H_

#if defined(_WIN32)
#if defined(CODERULES_BUILDING)
#define CODERULES_API __declspec(dllexport)
#elif defined(CODERULES_STATIC)
#define CODERULES_API
#else
#define CODERULES_API __declspec(dllimport)
#endif
#define CODERULES_CALL __cdecl
#else
#define CODERULES_API __attribute__((visibility("default")))
#define CODERULES_CALL
#endif

#if defined(__GNUC__) || defined(__clang__)
#define CODERULES_DEPRECATED(msg) __attribute__((deprecated(msg)))
#elif defined(_MSC_VER)
#define CODERULES_DEPRECATED(msg) __declspec(deprecated(msg))
#else
#define CODERULES_DEPRECATED(msg)
#endif

#ifdef __cplusplus
#define CODERULES_BEGIN_DECL extern "C" {
#define CODERULES_END_DECL }
#else
#define CODERULES_BEGIN_DECL
#define CODERULES_END_DECL
#endif

#endif /* CODERULES_CAPI_CODERULES_EXPORT_H_ */
