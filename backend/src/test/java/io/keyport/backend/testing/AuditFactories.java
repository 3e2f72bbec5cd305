package io.keyport.backend.testing;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

/** The audit-entry factories of a domain's audit class, for tests that pin every one of them. */
public final class AuditFactories {

    private AuditFactories() {}

    /** The names of the public static methods of {@code type} that return a {@code type}. */
    public static List<String> of(Class<? extends Record> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers())
                        && Modifier.isPublic(m.getModifiers())
                        && m.getReturnType() == type)
                .map(Method::getName)
                .toList();
    }
}
