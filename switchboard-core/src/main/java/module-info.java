/**
 * The Container System: typed values, the message envelope, subjects, the binary and JSON codecs,
 * the error root and the injectable clock. Everything else in Switchboard stands on this module.
 */
@SuppressWarnings("requires-automatic")
module dev.switchboard.core {
    requires com.fasterxml.jackson.core;
    requires static org.lz4.java;
    requires static com.github.luben.zstd_jni;

    exports dev.switchboard.core;
    exports dev.switchboard.core.container;
    exports dev.switchboard.core.message;
    exports dev.switchboard.core.codec;
}
