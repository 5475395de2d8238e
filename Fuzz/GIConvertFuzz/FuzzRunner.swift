#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TestSupport

/// The harness without libFuzzer: replays files through a target (to reproduce a crasher with a
/// plain build), or feeds it seeded random mutations of seed files for a while. Not coverage-guided;
/// `Scripts/fuzz.sh` uses libFuzzer.
enum FuzzRunner {
    static let usage = """
        usage: giconvert-fuzz list
               giconvert-fuzz TARGET FILE...                      run each file through TARGET
               giconvert-fuzz TARGET --mutate SECONDS SEED FILE... mutate the files for SECONDS, seeded
        """

    static func main(_ arguments: [String]) {
        if arguments.first == "list" {
            for target in FuzzTarget.all { print(target.name, target.seedExtensions.joined(separator: ",")) }
            return
        }
        guard arguments.count >= 2, let target = FuzzTarget.named(arguments[0]) else {
            FuzzRunner.complain(usage)
            exit(64)
        }
        if arguments[1] == "--mutate" {
            guard arguments.count >= 5, let seconds = Double(arguments[2]), let seed = UInt64(arguments[3]) else {
                FuzzRunner.complain(usage)
                exit(64)
            }
            mutate(target, files: Array(arguments[4...]), seconds: seconds, seed: seed)
            return
        }
        for path in arguments.dropFirst() {
            guard let bytes = read(path) else { FuzzRunner.complain("giconvert-fuzz: cannot read \(path)"); exit(1) }
            target.run(bytes)
            print("ok \(path)")
        }
    }

    /// Writes a line to standard error.
    static func complain(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }

    /// Random mutations of the seed files (bytes flipped, inserted, removed, duplicated, spliced, and
    /// numbers replaced by extreme ones), from a fixed seed so a run can be repeated. Each input about
    /// to be run is written to `giconvert-fuzz-current` first, so a crash leaves it behind.
    static func mutate(_ target: FuzzTarget, files: [String], seconds: Double, seed: UInt64) {
        let seeds = files.compactMap(read).filter { !$0.isEmpty }
        guard !seeds.isEmpty else { FuzzRunner.complain("giconvert-fuzz: no seed files"); exit(1) }
        var random = SplitMix64(seed: seed)
        let start = clock_gettime_seconds()
        var runs = 0
        while clock_gettime_seconds() - start < seconds {
            var bytes = seeds[Int(random.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(random.next() % 8)) { mutateOnce(&bytes, seeds: seeds, random: &random) }
            if let file = fopen("giconvert-fuzz-current", "wb") {
                _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
                fclose(file)
            }
            target.run(bytes)
            runs += 1
        }
        remove("giconvert-fuzz-current")
        print("\(target.name): \(runs) runs in \(Int(seconds)) s, no crash")
    }

    static let extremes: [String] = ["-1", "0", "-9223372036854775808", "9223372036854775807", "99999999999", "4294967296",
                                     String(repeating: "9", count: 400), "1e308", "NaN", "-5", "65536"]

    static func mutateOnce(_ bytes: inout [UInt8], seeds: [[UInt8]], random: inout SplitMix64) {
        let count = bytes.count
        let at = count == 0 ? 0 : Int(random.next() % UInt64(count))
        switch random.next() % 7 {
        case 0 where count > 0: bytes[at] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
        case 1: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
        case 2 where count > 0:
            let length = min(count - at, 1 + Int(random.next() % 64))
            bytes.removeSubrange(at..<(at + length))
        case 3 where count > 0:
            let length = min(count - at, 1 + Int(random.next() % 256))
            let piece = bytes[at..<(at + length)]
            for _ in 0..<(1 + Int(random.next() % 16)) { bytes.insert(contentsOf: piece, at: at) }
        case 4:
            let other = seeds[Int(random.next() % UInt64(seeds.count))]
            guard !other.isEmpty else { return }
            let from = Int(random.next() % UInt64(other.count))
            let length = min(other.count - from, 1 + Int(random.next() % 512))
            bytes.insert(contentsOf: other[from..<(from + length)], at: at)
        case 5:
            // Replace the run of digits at or after `at` with an extreme number.
            guard let digit = bytes[at...].firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return }
            var end = digit
            while end < bytes.count, bytes[end] >= 0x30 && bytes[end] <= 0x39 { end += 1 }
            let replacement = extremes[Int(random.next() % UInt64(extremes.count))]
            bytes.replaceSubrange(digit..<end, with: Array(replacement.utf8))
        default:
            if count > 1 { bytes.swapAt(at, Int(random.next() % UInt64(count))) }
        }
    }

    static func clock_gettime_seconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
