import GIConvertCore
import GIConvertZip

/// The one place the libzip wrapper meets the core: what a ``ZipError`` means to the user, and the
/// wrapper's limits from a reader's options. The DOCX reader and the bulk runner both open archives.
extension InputError {
    /// The input error a failure of the libzip wrapper is.
    public init(_ failure: ZipError) {
        switch failure {
        case .empty: self = .empty
        case .unreadable(let why): self = .unreadable(why)
        case .notAnArchive(let why), .corruptMember(let why): self = .malformed(why)
        case .encrypted: self = .encrypted
        case .tooLarge(let why): self = .tooLarge(why)
        }
    }
}

extension ZipLimits {
    /// The archive limits of a reader's options.
    public init(_ options: ReaderOptions) {
        self.init(maxUncompressedBytes: options.maxUncompressedBytes, maxCompressionRatio: options.maxCompressionRatio)
    }
}
