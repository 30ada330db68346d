package ai.continual.tools.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.continual.tools.ContinualTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark streams of {@code samples}: permuted dates are a domain shift of the same images, i.i.d. are not. */
class SamplesStreamsTest {

    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    @Test
    void domainDatesPermuteThePixelsOfTheSourceImagesAndStationaryDatesKeepThem() throws Exception {
        assumeThat(Files.isRegularFile(FASHION.resolve("t10k-images-idx3-ubyte.gz"))).as("dataset-fashion-mnist").isTrue();
        float[][] images = IdxReader.images(FASHION.resolve("t10k-images-idx3-ubyte.gz"));
        for (String kind : List.of("fashion-mnist-domain", "fashion-mnist-stationary")) {
            Path out = tmp.resolve(kind);
            assertThat(ContinualTools.run("samples", kind, "--split", "t10k", "--dates", "2", "--rows-per-date", "40",
                    "--out", out.toString())).isZero();
            for (String date : List.of("2026-11-23", "2026-11-24")) {
                List<Row> rows = SamplesCommandTest.spark().read().parquet(out.resolve("date=" + date).toString())
                        .collectAsList();
                assertThat(rows).hasSize(40);
                assertThat(rows.stream().map(r -> r.getInt(2)).distinct().count()).as("classes of " + date)
                        .isGreaterThan(5);
                boolean permuted = kind.endsWith("domain") && date.equals("2026-11-24");
                for (Row row : rows) {
                    float[] original = images[Integer.parseInt(row.getString(0).substring("t10k-".length()))];
                    float[] written = new float[original.length];
                    List<Float> values = row.getList(1);
                    for (int p = 0; p < written.length; p++) {
                        written[p] = values.get(p);
                    }
                    assertThat(Arrays.equals(written, original)).isEqualTo(!permuted);
                    float[] a = written.clone();
                    float[] b = original.clone();
                    Arrays.sort(a);
                    Arrays.sort(b);
                    assertThat(a).containsExactly(b);
                }
            }
        }
    }
}
