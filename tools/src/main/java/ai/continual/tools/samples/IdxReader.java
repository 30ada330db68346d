package ai.continual.tools.samples;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads the (gzipped) IDX files of MNIST-style datasets: images as unsigned bytes, labels as bytes. */
final class IdxReader {

    private IdxReader() {}

    /** Images as rows of pixels 0..255, one row per image. */
    static float[][] images(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x00000803) {
                throw new IOException(file + " is not an IDX image file (magic " + Integer.toHexString(magic) + ")");
            }
            int count = in.readInt();
            int pixels = in.readInt() * in.readInt();
            float[][] images = new float[count][pixels];
            byte[] buffer = new byte[pixels];
            for (int i = 0; i < count; i++) {
                in.readFully(buffer);
                for (int p = 0; p < pixels; p++) {
                    images[i][p] = buffer[p] & 0xff;
                }
            }
            return images;
        }
    }

    static int[] labels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x00000801) {
                throw new IOException(file + " is not an IDX label file (magic " + Integer.toHexString(magic) + ")");
            }
            int[] labels = new int[in.readInt()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new java.io.BufferedInputStream(
                file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw));
    }
}
