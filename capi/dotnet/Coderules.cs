// A P/Invoke binding over the coderules C ABI (capi/coderules.h).
//
//   using (var engine = Coderules.Engine.FromFile("sample.pack"))
//   {
//       string resultJson = engine.Check(claimJson);
//   }
//
// Findings about a claim (even text that is not a claim) are data in the result JSON; only a
// failed call (a bad argument, a corrupt pack) throws CoderulesException.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Coderules
{
    /// <summary>Keys of the engine options (CODERULES_OPT_*).</summary>
    public enum EngineOption
    {
        MaxLines = 1,
        MaxHistoryLines = 2,
        MaxInputBytes = 3,
    }

    /// <summary>A coderules_ call failed; Status is its CODERULES_* code.</summary>
    public sealed class CoderulesException : Exception
    {
        public CoderulesException(int status, string statusName, string detail)
            : base(detail.Length == 0 ? statusName : statusName + ": " + detail)
        {
            Status = status;
            StatusName = statusName;
            Detail = detail;
        }

        public int Status { get; }
        public string StatusName { get; }
        public string Detail { get; }
    }

    internal static class Native
    {
        // Mono and .NET resolve "coderules" to libcoderules.so (coderules.dll on Windows).
        private const string Lib = "coderules";
        private const CallingConvention Cdecl = CallingConvention.Cdecl;

        public const int AbiVersion = 1;
        public const int Ok = 0;
        public const int FormatJson = 2;

        [StructLayout(LayoutKind.Sequential)]
        public struct Buffer
        {
            public IntPtr Data;
            public UIntPtr Size;
        }

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern int coderules_abi_version();

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern IntPtr coderules_status_name(int status);

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern IntPtr coderules_last_error_message();

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern int coderules_options_create(out IntPtr options);

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern void coderules_options_destroy(IntPtr options);

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern int coderules_options_set_int(IntPtr options, int key, long value);

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern int coderules_engine_create_from_file(
            out EngineHandle engine, byte[] path, UIntPtr pathSize, IntPtr options);

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern int coderules_engine_create_from_bytes(
            out EngineHandle engine, byte[] data, UIntPtr size, IntPtr options);

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern void coderules_engine_destroy(IntPtr engine);

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern IntPtr coderules_engine_pack_version(EngineHandle engine);

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern int coderules_engine_check(
            EngineHandle engine, int format, byte[] claim, UIntPtr claimSize, byte[] history,
            UIntPtr historySize, ref Buffer output);

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern int coderules_engine_lookup(
            EngineHandle engine, int format, byte[] code, UIntPtr codeSize, byte[] date,
            UIntPtr dateSize, ref Buffer output);

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern int coderules_engine_pack_info(EngineHandle engine, int format,
                                                            ref Buffer output);

        [DllImport(Lib, CallingConvention = Cdecl)]
        public static extern void coderules_buffer_free(ref Buffer buffer);

        // Strings from the library are NUL-terminated UTF-8.
        public static string Utf8(IntPtr text)
        {
            if (text == IntPtr.Zero) return string.Empty;
            int length = 0;
            while (Marshal.ReadByte(text, length) != 0) ++length;
            return Utf8(text, length);
        }

        public static string Utf8(IntPtr data, int length)
        {
            var bytes = new byte[length];
            Marshal.Copy(data, bytes, 0, length);
            return Encoding.UTF8.GetString(bytes);
        }

        public static string StatusName(int status) => Utf8(coderules_status_name(status));

        // Turns a failed status into an exception. Call it straight after the P/Invoke, on the
        // same thread: the last error is per thread and the next coderules_ call replaces it.
        public static void Check(int status)
        {
            if (status == Ok) return;
            string detail = Utf8(coderules_last_error_message());
            throw new CoderulesException(status, StatusName(status), detail);
        }

        private static readonly object AbiLock = new object();
        private static bool abiChecked;

        public static void CheckAbi()
        {
            lock (AbiLock)
            {
                if (abiChecked) return;
                int abi = coderules_abi_version();
                if (abi != AbiVersion)
                {
                    throw new DllNotFoundException(
                        $"libcoderules has ABI {abi}; this binding needs {AbiVersion}");
                }
                abiChecked = true;
            }
        }
    }

    /// <summary>Owns a coderules_engine*; destroys it exactly once.</summary>
    public sealed class EngineHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        private EngineHandle() : base(true) {}

        protected override bool ReleaseHandle()
        {
            Native.coderules_engine_destroy(handle);
            return true;
        }
    }

    /// <summary>An engine over one rule pack; thread-safe.</summary>
    public sealed class Engine : IDisposable
    {
        private readonly EngineHandle handle;

        private Engine(EngineHandle handle) { this.handle = handle; }

        public static Engine FromFile(string path,
                                      IDictionary<EngineOption, long> options = null)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            return Create(options, Native.coderules_engine_create_from_file,
                          Encoding.UTF8.GetBytes(path));
        }

        /// <summary>An engine over a pack's bytes, which the library copies.</summary>
        public static Engine FromBytes(byte[] pack,
                                       IDictionary<EngineOption, long> options = null)
        {
            if (pack == null) throw new ArgumentNullException(nameof(pack));
            return Create(options, Native.coderules_engine_create_from_bytes, pack);
        }

        private delegate int CreateFn(out EngineHandle engine, byte[] data, UIntPtr size,
                                      IntPtr options);

        private static Engine Create(IDictionary<EngineOption, long> options, CreateFn create,
                                     byte[] data)
        {
            Native.CheckAbi();
            IntPtr opts = IntPtr.Zero;
            try
            {
                if (options != null && options.Count > 0)
                {
                    Native.Check(Native.coderules_options_create(out opts));
                    foreach (var option in options)
                    {
                        Native.Check(Native.coderules_options_set_int(opts, (int)option.Key,
                                                                      option.Value));
                    }
                }
                EngineHandle engine;
                Native.Check(create(out engine, data, (UIntPtr)data.Length, opts));
                return new Engine(engine);
            }
            finally
            {
                // The engine keeps a copy of the options.
                Native.coderules_options_destroy(opts);
            }
        }

        /// <summary>The version the pack was compiled with.</summary>
        public string PackVersion => Native.Utf8(Native.coderules_engine_pack_version(handle));

        /// <summary>Checks a coderules.v1.Claim in proto3 JSON, with an optional
        /// coderules.v1.History; returns the coderules.v1.CheckResult as JSON.</summary>
        public string Check(string claimJson, string historyJson = null)
        {
            if (claimJson == null) throw new ArgumentNullException(nameof(claimJson));
            byte[] claim = Encoding.UTF8.GetBytes(claimJson);
            byte[] history = historyJson == null ? null : Encoding.UTF8.GetBytes(historyJson);
            var output = new Native.Buffer();
            int status = Native.coderules_engine_check(
                handle, Native.FormatJson, claim, (UIntPtr)claim.Length, history,
                (UIntPtr)(history == null ? 0 : history.Length), ref output);
            return Take(status, ref output);
        }

        /// <summary>What the pack knows about a code (any case, the ICD-10-CM dot optional):
        /// the coderules.v1.LookupResult as JSON. <paramref name="date"/> ("YYYY-MM-DD", or
        /// null) limits the answer to that day and says whether the code is valid then. Text of
        /// no code's shape, or a date that is not one, throws (INVALID_ARGUMENT).</summary>
        public string Lookup(string code, string date = null)
        {
            if (code == null) throw new ArgumentNullException(nameof(code));
            byte[] text = Encoding.UTF8.GetBytes(code);
            byte[] day = date == null ? null : Encoding.UTF8.GetBytes(date);
            var output = new Native.Buffer();
            int status = Native.coderules_engine_lookup(
                handle, Native.FormatJson, text, (UIntPtr)text.Length, day,
                (UIntPtr)(day == null ? 0 : day.Length), ref output);
            return Take(status, ref output);
        }

        /// <summary>What went into the pack: the coderules.v1.PackInfo as JSON.</summary>
        public string PackInfo()
        {
            var output = new Native.Buffer();
            int status = Native.coderules_engine_pack_info(handle, Native.FormatJson, ref output);
            return Take(status, ref output);
        }

        // The text of a call's library-owned buffer, which it frees; throws if the call failed.
        private static string Take(int status, ref Native.Buffer output)
        {
            Native.Check(status);
            try
            {
                return Native.Utf8(output.Data, checked((int)output.Size.ToUInt64()));
            }
            finally
            {
                Native.coderules_buffer_free(ref output);
            }
        }

        public void Dispose() => handle.Dispose();
    }
}
