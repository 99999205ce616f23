package dev.switchboard.core.codec;

/**
 * What a decoder accepts before it refuses input as hostile. Every limit is checked before the
 * memory it guards is allocated. Immutable; build with {@link #builder()}.
 *
 * @param maxMessageBytes the largest encoded message (binary) or JSON document (chars)
 * @param maxBodyBytes the largest body once decompressed
 * @param maxDepth how deeply containers and lists may nest (the body is depth 1)
 * @param maxFields the most fields in one container
 * @param maxListItems the most items in one list
 * @param maxStringBytes the longest string, in UTF-8 bytes
 * @param maxBytesLength the longest bytes value
 * @param maxHeaders the most free headers
 * @param maxValues the most values in a whole message, counting nested ones
 */
public record DecodeLimits(
        int maxMessageBytes,
        int maxBodyBytes,
        int maxDepth,
        int maxFields,
        int maxListItems,
        int maxStringBytes,
        int maxBytesLength,
        int maxHeaders,
        int maxValues) {

    /** The defaults; docs/CONTAINER.md lists them. */
    public static final DecodeLimits DEFAULT = builder().build();

    /** Validates each limit is positive. */
    public DecodeLimits {
        positive("maxMessageBytes", maxMessageBytes);
        positive("maxBodyBytes", maxBodyBytes);
        positive("maxDepth", maxDepth);
        positive("maxFields", maxFields);
        positive("maxListItems", maxListItems);
        positive("maxStringBytes", maxStringBytes);
        positive("maxBytesLength", maxBytesLength);
        positive("maxHeaders", maxHeaders);
        positive("maxValues", maxValues);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /**
     * @return a builder starting from the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder starting from these limits
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxMessageBytes = maxMessageBytes;
        b.maxBodyBytes = maxBodyBytes;
        b.maxDepth = maxDepth;
        b.maxFields = maxFields;
        b.maxListItems = maxListItems;
        b.maxStringBytes = maxStringBytes;
        b.maxBytesLength = maxBytesLength;
        b.maxHeaders = maxHeaders;
        b.maxValues = maxValues;
        return b;
    }

    /** Builds {@link DecodeLimits}; each setter rejects a non-positive value at once. */
    public static final class Builder {
        private int maxMessageBytes = 8 * 1024 * 1024;
        private int maxBodyBytes = 16 * 1024 * 1024;
        private int maxDepth = 32;
        private int maxFields = 4096;
        private int maxListItems = 65_536;
        private int maxStringBytes = 1024 * 1024;
        private int maxBytesLength = 8 * 1024 * 1024;
        private int maxHeaders = 256;
        private int maxValues = 1_000_000;

        private Builder() {}

        /**
         * @param value bytes; default 8 MiB
         * @return this builder
         */
        public Builder maxMessageBytes(int value) {
            positive("maxMessageBytes", value);
            maxMessageBytes = value;
            return this;
        }

        /**
         * @param value bytes; default 16 MiB
         * @return this builder
         */
        public Builder maxBodyBytes(int value) {
            positive("maxBodyBytes", value);
            maxBodyBytes = value;
            return this;
        }

        /**
         * @param value levels; default 32
         * @return this builder
         */
        public Builder maxDepth(int value) {
            positive("maxDepth", value);
            maxDepth = value;
            return this;
        }

        /**
         * @param value fields per container; default 4096
         * @return this builder
         */
        public Builder maxFields(int value) {
            positive("maxFields", value);
            maxFields = value;
            return this;
        }

        /**
         * @param value items per list; default 65,536
         * @return this builder
         */
        public Builder maxListItems(int value) {
            positive("maxListItems", value);
            maxListItems = value;
            return this;
        }

        /**
         * @param value UTF-8 bytes per string; default 1 MiB
         * @return this builder
         */
        public Builder maxStringBytes(int value) {
            positive("maxStringBytes", value);
            maxStringBytes = value;
            return this;
        }

        /**
         * @param value bytes per bytes value; default 8 MiB
         * @return this builder
         */
        public Builder maxBytesLength(int value) {
            positive("maxBytesLength", value);
            maxBytesLength = value;
            return this;
        }

        /**
         * @param value headers per message; default 256
         * @return this builder
         */
        public Builder maxHeaders(int value) {
            positive("maxHeaders", value);
            maxHeaders = value;
            return this;
        }

        /**
         * @param value values per message; default 1,000,000
         * @return this builder
         */
        public Builder maxValues(int value) {
            positive("maxValues", value);
            maxValues = value;
            return this;
        }

        /**
         * @return the limits
         */
        public DecodeLimits build() {
            return new DecodeLimits(
                    maxMessageBytes,
                    maxBodyBytes,
                    maxDepth,
                    maxFields,
                    maxListItems,
                    maxStringBytes,
                    maxBytesLength,
                    maxHeaders,
                    maxValues);
        }
    }
}
