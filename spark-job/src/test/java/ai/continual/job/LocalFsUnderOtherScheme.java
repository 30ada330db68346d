package ai.continual.job;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@code testlocal:}, used as the default file system of the
 * executor-fault driver: DL4J's Export training refuses a non-{@code local[N]} master (such as
 * {@code local[2,4]}, which allows task retries) when the default file system is {@code file:}.
 * Every path the job uses is an explicit {@code file:} URI, so nothing else changes.
 */
public final class LocalFsUnderOtherScheme extends RawLocalFileSystem {

    @Override
    public URI getUri() {
        return URI.create("testlocal:///");
    }

    @Override
    public String getScheme() {
        return "testlocal";
    }
}
