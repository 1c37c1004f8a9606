package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.codec.MappingCodec;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.driver.api.core.type.codec.registry.MutableCodecRegistry;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps a CQL user-defined type to a Java record or POJO, in both directions, by matching field names
 * (exactly, or {@code camelCase} to {@code snake_case}, ignoring case).
 */
public final class UserTypeMapping<T> {

    private final String keyspace;
    private final String userType;
    private final Class<T> type;

    public UserTypeMapping(String keyspace, String userType, Class<T> type) {
        this.keyspace = keyspace;
        this.userType = userType;
        this.type = type;
    }

    public String describe() {
        return keyspace + "." + userType + " <-> " + type.getName();
    }

    /** Registers the mapping in the session's codec registry. */
    public void registerIn(CqlSession session) {
        UserDefinedType udt = session.getMetadata().getKeyspace(CqlIdentifier.fromInternal(keyspace))
                .flatMap(k -> k.getUserDefinedType(CqlIdentifier.fromInternal(userType)))
                .orElseThrow(() -> new IllegalArgumentException("User type " + keyspace + "." + userType
                        + " does not exist: create it before registering " + type.getName()));
        MutableCodecRegistry registry = (MutableCodecRegistry) session.getContext().getCodecRegistry();
        registry.register(codecFor(udt, registry));
    }

    /** The codec between {@code udt} values and instances of the mapped class. */
    public TypeCodec<T> codecFor(UserDefinedType udt, CodecRegistry registry) {
        // Asked by Java type too: by CQL type alone, another mapping of the same UDT could answer.
        TypeCodec<UdtValue> inner = registry.codecFor(udt, GenericType.UDT_VALUE);
        return new Codec<>(inner, udt, type, bindFields(udt));
    }

    private List<FieldBinding> bindFields(UserDefinedType udt) {
        List<FieldBinding> bindings = new ArrayList<>();
        List<String> udtFields = udt.getFieldNames().stream().map(CqlIdentifier::asInternal).toList();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                bindings.add(new FieldBinding(component.getName(), component.getGenericType(),
                        match(component.getName(), udtFields), null, component.getAccessor()));
            }
        } else {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())
                            || field.isSynthetic()) {
                        continue;
                    }
                    bindings.add(new FieldBinding(field.getName(), field.getGenericType(),
                            match(field.getName(), udtFields), field, null));
                }
            }
        }
        return bindings;
    }

    private String match(String javaName, List<String> udtFields) {
        String snake = javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        for (String candidate : udtFields) {
            if (candidate.equals(javaName) || candidate.equalsIgnoreCase(javaName) || candidate.equalsIgnoreCase(snake)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("Field '" + javaName + "' of " + type.getName()
                + " matches no field of user type " + keyspace + "." + userType + " " + udtFields);
    }

    private record FieldBinding(String javaName, Type javaType, String udtField, Field field,
            java.lang.reflect.Method accessor) {
        FieldBinding {
            AccessibleObject member = field != null ? field : accessor;
            member.setAccessible(true);
        }
    }

    private static final class Codec<T> extends MappingCodec<UdtValue, T> {

        private final UserDefinedType udt;
        private final Class<T> type;
        private final List<FieldBinding> bindings;
        private final Constructor<T> constructor;

        Codec(TypeCodec<UdtValue> inner, UserDefinedType udt, Class<T> type, List<FieldBinding> bindings) {
            super(inner, GenericType.of(type));
            this.udt = udt;
            this.type = type;
            this.bindings = bindings;
            try {
                Class<?>[] parameters = type.isRecord()
                        ? bindings.stream().map(b -> b.accessor().getReturnType()).toArray(Class<?>[]::new)
                        : new Class<?>[0];
                this.constructor = type.getDeclaredConstructor(parameters);
                this.constructor.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getName() + " needs a no-argument constructor to map user type "
                        + udt.asCql(false, true), e);
            }
        }

        @Override
        public UserDefinedType getCqlType() {
            return udt;
        }

        @Override
        protected T innerToOuter(UdtValue value) {
            if (value == null) {
                return null;
            }
            try {
                if (type.isRecord()) {
                    Object[] arguments = new Object[bindings.size()];
                    for (int i = 0; i < arguments.length; i++) {
                        FieldBinding b = bindings.get(i);
                        arguments[i] = value.get(b.udtField(), GenericType.of(b.javaType()));
                    }
                    return constructor.newInstance(arguments);
                }
                T instance = constructor.newInstance();
                for (FieldBinding b : bindings) {
                    b.field().set(instance, value.get(b.udtField(), GenericType.of(b.javaType())));
                }
                return instance;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot build a " + type.getName() + " from " + value, e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        protected UdtValue outerToInner(T value) {
            if (value == null) {
                return null;
            }
            UdtValue udtValue = udt.newValue();
            try {
                for (FieldBinding b : bindings) {
                    Object fieldValue = b.field() != null ? b.field().get(value) : b.accessor().invoke(value);
                    udtValue = udtValue.set(b.udtField(), fieldValue, (GenericType<Object>) GenericType.of(b.javaType()));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read the fields of " + value, e);
            }
            return udtValue;
        }
    }
}
