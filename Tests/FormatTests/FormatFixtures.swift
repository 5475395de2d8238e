import Foundation
import GIConvertCore
import TestSupport
import TextReader

/// Reports the format tests write, recognised from the seed texts as the command would name them.
enum FormatFixtures {
    static let textConverter = Converter(registry: FormatRegistry(readers: [TextReader.self], writers: []))

    static func report(_ seed: URL) throws -> Report {
        try textConverter.convertFile(atPath: seed.path, name: seed.lastPathComponent)
    }

    static func write(_ writerType: any ReportWriter.Type, _ reports: [Report], collection: Bool? = nil) throws
        -> [UInt8]
    {
        var writer = writerType.init()
        return try writer.bytes(of: reports, context: WriterContext(isCollection: collection ?? (reports.count > 1)))
    }
}
