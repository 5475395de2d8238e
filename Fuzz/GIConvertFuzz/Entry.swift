#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Two ways in. Built with `-sanitize=fuzzer -D GICONVERT_LIBFUZZER` (Scripts/fuzz.sh), libFuzzer's
// driver runs the target named by GICONVERT_FUZZ_TARGET with libFuzzer's command line. Built plainly,
// as `swift build` does, the executable replays files or runs seeded random mutations (FuzzRunner).

#if GICONVERT_LIBFUZZER
import CLibFuzzer

nonisolated(unsafe) private var selected: FuzzTarget?

@main
struct FuzzMain {
    static func main() {
        let name = getenv("GICONVERT_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        if name == "list" {
            FuzzRunner.main(["list"])
            return
        }
        guard let target = FuzzTarget.named(name) else {
            FuzzRunner.complain("giconvert-fuzz: set GICONVERT_FUZZ_TARGET to one of: \(FuzzTarget.all.map(\.name).joined(separator: " ")), or list")
            exit(64)
        }
        selected = target
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
            selected?.run(bytes)
            return 0
        })
    }
}
#else
@main
struct FuzzMain {
    static func main() {
        FuzzRunner.main(Array(CommandLine.arguments.dropFirst()))
    }
}
#endif
