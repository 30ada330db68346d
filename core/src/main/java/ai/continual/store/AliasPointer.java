package ai.continual.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A named pointer such as {@code production} to one committed version, with every change made to it.
 * Stored as one small JSON file per alias and replaced atomically on each change.
 *
 * @param history every promote and rollback, oldest first
 */
public record AliasPointer(String model, String alias, int version, String updatedAt, List<Change> history) {

    public AliasPointer {
        history = List.copyOf(history);
    }

    /** One change of the pointer: {@code promote} pushes a version, {@code rollback} returns to the one before. */
    public record Change(String action, int version, String at, String by) {}

    /**
     * The versions the alias pointed to, most recent last, with rolled-back promotions removed: a
     * rollback moves the alias to the element before the last.
     */
    public List<Integer> stack() {
        List<Integer> stack = new ArrayList<>();
        for (Change change : history) {
            if (change.action().equals("rollback")) {
                if (!stack.isEmpty()) {
                    stack.remove(stack.size() - 1);
                }
            } else {
                stack.add(change.version());
            }
        }
        return stack;
    }
}
