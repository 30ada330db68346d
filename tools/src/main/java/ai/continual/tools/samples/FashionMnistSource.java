package ai.continual.tools.samples;

import ai.continual.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --source} option of every tool that reads Fashion-MNIST (a picocli mixin), and the reading of one
 * split of it: the IDX files that the Debian package {@code dataset-fashion-mnist} installs.
 */
public final class FashionMnistSource {

    @Option(names = "--source", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Folder of the Fashion-MNIST IDX files (default ${DEFAULT-VALUE}).")
    Path folder;

    /** The folder the IDX files are read from. */
    public Path folder() {
        return folder;
    }

    /** Images and labels of one split, {@code train} (60 000) or {@code t10k} (10 000). */
    public record Split(float[][] images, int[] labels) {}

    /** Reads split {@code name}; missing files fail with the folder, the file and how to install them. */
    public Split read(String name) throws IOException {
        Path images = folder.resolve(name + "-images-idx3-ubyte.gz");
        Path labels = folder.resolve(name + "-labels-idx1-ubyte.gz");
        for (Path file : new Path[] {images, labels}) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("Fashion-MNIST file " + file.getFileName() + " not found under " + folder
                        + "; install it with: apt-get install dataset-fashion-mnist, or pass --source DIR.");
            }
        }
        return new Split(IdxReader.images(images), IdxReader.labels(labels));
    }
}
