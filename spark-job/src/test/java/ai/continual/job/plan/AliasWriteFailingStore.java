package ai.continual.job.plan;

import ai.continual.store.HadoopModelStore;
import ai.continual.store.ModelStore;
import ai.continual.store.PendingVersion;
import ai.continual.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A real {@link HadoopModelStore} whose next N alias moves made by a commit fail after the version's manifest is
 * written: the alias file is put back as it was and the commit throws, which leaves the store exactly as a failed
 * alias write (or a crash at {@code commit.after-manifest}) does. Every other call goes to the real store.
 */
final class AliasWriteFailingStore {

    private AliasWriteFailingStore() {}

    /**
     * {@code store} with its commits failing to move their alias while {@code failures} is above zero (each
     * failure counts it down).
     */
    static ModelStore wrap(HadoopModelStore store, String root, Configuration conf, AtomicInteger failures) {
        return (ModelStore) Proxy.newProxyInstance(ModelStore.class.getClassLoader(), new Class<?>[] {ModelStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit") && ((Optional<?>) args[2]).isPresent()
                            && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        PendingVersion pending = (PendingVersion) args[0];
                        Path alias = new Path(root + "/" + pending.model() + "/aliases/" + ((Optional<?>) args[2]).get()
                                + ".json");
                        restoreAfter(alias, conf, () -> call(method, store, args));
                        throw new StoreException("Injected fault: cannot write alias " + alias
                                + " after committing version " + pending.version());
                    }
                    return call(method, store, args);
                });
    }

    private static Object call(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private interface Action {
        void run() throws Throwable;
    }

    /** Runs {@code action}, then puts {@code file} back as it was before (deleting it if it did not exist). */
    private static void restoreAfter(Path file, Configuration conf, Action action) throws Throwable {
        FileSystem fs = file.getFileSystem(conf);
        byte[] before = null;
        if (fs.exists(file)) {
            try (InputStream in = fs.open(file)) {
                before = in.readAllBytes();
            }
        }
        action.run();
        if (before == null) {
            fs.delete(file, false);
            return;
        }
        try (OutputStream out = fs.create(file, true)) {
            out.write(before);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot restore " + file, e);
        }
    }
}
