import GIConvertCore
import GIConvertZip

extension InputError {
    /// What a failure of the libzip wrapper means to the user: the one place a ``ZipError`` becomes an
    /// ``InputError`` in this module.
    init(_ failure: ZipError) {
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
    init(_ options: ReaderOptions) {
        self.init(maxUncompressedBytes: options.maxUncompressedBytes, maxCompressionRatio: options.maxCompressionRatio)
    }
}
