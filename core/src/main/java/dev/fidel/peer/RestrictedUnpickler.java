package dev.fidel.peer;

import dev.fidel.checkpoint.Tensor.DType;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a torch checkpoint's {@code data.pkl} as data, never as code. Nothing in the pickle is
 * imported, called or instantiated: the opcodes build plain Java values (strings, numbers, lists,
 * tuples, dicts), and the few globals that PyTorch's own weights-only loader
 * ({@code torch/_weights_only_unpickler.py}) allows are interpreted here by name:
 * {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2} / {@code _rebuild_tensor} /
 * {@code _rebuild_parameter} / {@code _rebuild_parameter_with_state}, {@code torch._tensor._rebuild_from_type_v2},
 * {@code torch.nn.parameter.Parameter}, the storage classes ({@code torch.FloatStorage}, ...), the dtypes,
 * {@code torch.Size}, {@code torch.Tensor}, {@code torch.serialization._get_layout}, {@code torch.device}.
 *
 * <p>Any other global is handled by one of two rules:
 * <ul>
 * <li><b>refused</b>: a global of a module that reaches the system or the interpreter ({@code os},
 * {@code posix}, {@code subprocess}, {@code builtins}, {@code sys}, {@code importlib}, {@code pickle}, ...,
 * see {@link #DENIED_MODULES}) or named like a code runner ({@code eval}, {@code exec}, {@code system},
 * {@code __import__}, {@code getattr}, ...). Such a pickle is hostile: reading stops with an error naming
 * the global and the byte where it appears;</li>
 * <li><b>inert placeholder</b>: any other global, e.g. Coqui's pickled {@code TTS.tts.configs.xtts_config.XttsConfig}
 * or a numpy scalar. It becomes a {@link Placeholder} that only carries its name; a REDUCE, NEWOBJ or
 * BUILD on it yields a placeholder again (nothing runs). Placeholders are reported by name and dropped
 * by {@link TorchCheckpoint}; inside the weights themselves one is refused.</li>
 * </ul>
 *
 * <p>Opcodes: those torch's weights-only loader accepts (1.13 to 2.x: PROTO, STOP, MARK, the binary
 * ints, LONG1, BINFLOAT, BINUNICODE, SHORT_BINSTRING, NONE, NEWTRUE/NEWFALSE, the tuple, list, dict and
 * set builders, BINGET/BINPUT and their long forms, GLOBAL, REDUCE, NEWOBJ, BUILD, BINPERSID), plus the
 * protocol 3-4 data opcodes that only build data (SHORT_BINUNICODE, BINUNICODE8, BINBYTES, SHORT_BINBYTES,
 * FRAME, MEMOIZE, STACK_GLOBAL under the same global rules, ADDITEMS, FROZENSET). Every other opcode (the
 * text protocol, INST/OBJ, EXT1/2/4, NEWOBJ_EX, out-of-band buffers) is refused by name. Bounded: strings and
 * bytes by the pickle's own length, the memo by {@value #MAX_MEMO} entries, MARK nesting by
 * {@value #MAX_MARKS}, the values built by {@value #MAX_VALUES}, integers by {@value #MAX_LONG_BYTES} bytes; dict keys and
 * set items must be hashable as in Python (no lists, dicts or sets, tuples at most {@value #MAX_KEY_DEPTH} deep), so no
 * value is ever hashed or compared through a cycle.
 */
final class RestrictedUnpickler {

    static final int MAX_MEMO = 1_000_000;
    static final int MAX_MARKS = 10_000;
    static final int MAX_LONG_BYTES = 64;
    /** Values built in all (each opcode builds at most one): a pickle of millions of empty lists is refused, not an OutOfMemoryError. */
    static final int MAX_VALUES = 2_000_000;
    /** How deep a dict key or set item (a tuple of tuples) may nest. */
    static final int MAX_KEY_DEPTH = 32;

    /** Modules whose globals are refused outright: they reach the system, the interpreter or the network. */
    static final Set<String> DENIED_MODULES = Set.of("os", "posix", "nt", "posixpath", "ntpath", "subprocess", "builtins",
            "__builtin__", "sys", "shutil", "socket", "importlib", "runpy", "pty", "code", "codeop", "ctypes", "marshal", "pickle",
            "_pickle", "dill", "types", "operator", "functools", "webbrowser", "io", "_io", "pathlib", "tempfile", "multiprocessing",
            "signal", "asyncio", "platform", "commands", "popen2", "threading", "_thread", "gc", "inspect", "pdb", "bdb", "timeit",
            "distutils", "setuptools", "pip", "zipimport", "urllib", "http", "requests", "ftplib", "telnetlib", "smtplib", "glob",
            "fcntl", "resource", "mmap", "torch.hub", "torch.jit", "torch._C", "numpy.testing", "_posixsubprocess", "cProfile",
            "profile", "trace", "site", "imp", "shelve", "copyreg", "copy_reg");
    /** Names refused in any module: the usual code runners. */
    static final Set<String> DENIED_NAMES = Set.of("eval", "exec", "execfile", "system", "popen", "spawn", "spawnl", "spawnv",
            "__import__", "getattr", "setattr", "delattr", "compile", "open", "load", "loads", "run", "call", "check_call",
            "check_output", "Popen", "import_module", "runstring", "apply", "globals", "locals", "vars", "breakpoint", "input",
            "remove", "rmtree", "unlink");

    /** A Python tuple. */
    record Tuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    /** A global this reader does not interpret: never imported, never called. */
    record Placeholder(String global) {
        @Override
        public String toString() {
            return "<" + global + ">";
        }
    }

    /** An allowlisted global, interpreted by name. */
    record Global(String name) {
    }

    /** A storage class such as {@code torch.FloatStorage}: its element type. */
    record StorageType(String name, DType dtype) {
    }

    /** A torch dtype object such as {@code torch.float32}. */
    record TorchDType(String name) {
    }

    /** A storage the pickle refers to: the zip entry {@code data/<key>} holding {@code numel} elements. */
    record StorageRef(String key, DType dtype, long numel) {
    }

    /** A tensor view of a storage. */
    record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
    }

    private static final Map<String, DType> STORAGES = new HashMap<>();
    private static final Set<String> DTYPES = Set.of("float16", "float32", "float64", "bfloat16", "int8", "int16", "int32", "int64",
            "uint8", "bool", "complex32", "complex64", "complex128", "half", "float", "double", "long", "int", "short");
    private static final Set<String> FUNCTIONS = Set.of("collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_tensor", "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
            "torch._tensor._rebuild_from_type_v2", "torch.nn.parameter.Parameter", "torch.Size", "torch.Tensor",
            "torch.serialization._get_layout", "torch.device", "torch._utils._rebuild_sparse_tensor",
            "torch._utils._rebuild_meta_tensor_no_storage", "torch._utils._rebuild_sparse_csr_tensor");

    static {
        Map<String, DType> base = Map.of("DoubleStorage", DType.F64, "FloatStorage", DType.F32, "HalfStorage", DType.F16,
                "BFloat16Storage", DType.BF16, "LongStorage", DType.I64, "IntStorage", DType.I32, "ShortStorage", DType.I16,
                "CharStorage", DType.I8, "ByteStorage", DType.U8, "BoolStorage", DType.BOOL);
        base.forEach((name, dtype) -> {
            STORAGES.put("torch." + name, dtype);
            STORAGES.put("torch.cuda." + name, dtype);
        });
    }

    /** Why a pickle was refused: the offending opcode or global and the byte where it appears. */
    static final class Refusal extends Exception {
        Refusal(String message) {
            super(message);
        }
    }

    private final ByteBuffer in;
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();
    private final Set<String> placeholders = new TreeSet<>();
    private List<Object> stack = new ArrayList<>();
    private int values;
    private final List<List<Object>> marks = new ArrayList<>();
    private int opAt;

    RestrictedUnpickler(byte[] pickle) {
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The storages the pickle referred to, by key, in order of first reference. */
    Map<String, StorageRef> storages() {
        return storages;
    }

    /** Every global that became a placeholder, by name. */
    Set<String> placeholders() {
        return placeholders;
    }

    Object load() throws Refusal {
        while (true) {
            if (!in.hasRemaining()) {
                throw new Refusal("the pickle ends without STOP after " + in.position() + " bytes (truncated)");
            }
            opAt = in.position();
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto > 5) {
                        throw refuse("PROTO " + proto + " is not a pickle protocol");
                    }
                }
                case 0x95 -> need(8); // FRAME: a length hint only
                case '.' -> { // STOP
                    Object result = pop();
                    return result;
                }
                case '(' -> {
                    if (marks.size() >= MAX_MARKS) {
                        throw refuse("MARK nested deeper than " + MAX_MARKS);
                    }
                    marks.add(stack);
                    stack = new ArrayList<>();
                }
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) need(4).getInt());
                case 'K' -> push((long) u8());
                case 'M' -> push((long) Short.toUnsignedInt(need(2).getShort()));
                case 0x8a -> push(longOf(u8())); // LONG1
                case 0x8b -> { // LONG4
                    long n = Integer.toUnsignedLong(need(4).getInt());
                    if (n > MAX_LONG_BYTES) {
                        throw refuse("LONG4 of " + n + " bytes (at most " + MAX_LONG_BYTES + ")");
                    }
                    push(longOf((int) n));
                }
                case 'G' -> push(in.slice(take(8), 8).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'X' -> push(utf8(Integer.toUnsignedLong(need(4).getInt())));
                case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(need(8).getLong())); // BINUNICODE8
                case 'U', 'C' -> push(bytes(u8())); // SHORT_BINSTRING (encoding "bytes"), SHORT_BINBYTES
                case 'B' -> push(bytes(Integer.toUnsignedLong(need(4).getInt()))); // BINBYTES
                case ')' -> push(new Tuple(List.of()));
                case 0x85 -> push(tuple(1));
                case 0x86 -> push(tuple(2));
                case 0x87 -> push(tuple(3));
                case 't' -> push(new Tuple(java.util.Collections.unmodifiableList(new ArrayList<>(popMark()))));
                case ']' -> push(new ArrayList<>());
                case '}' -> push(new LinkedHashMap<>());
                case 0x8f -> push(new LinkedHashSet<>()); // EMPTY_SET
                case 0x91 -> push(new LinkedHashSet<>(hashable(popMark(), "FROZENSET"))); // FROZENSET
                case 'a' -> {
                    Object item = pop();
                    listTop("APPEND").add(item);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    listTop("APPENDS").addAll(items);
                }
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popMark();
                    if (!(top() instanceof Set<?>)) {
                        throw refuse("ADDITEMS to a " + kind(top()) + ", not a set");
                    }
                    @SuppressWarnings("unchecked")
                    Set<Object> set = (Set<Object>) top();
                    set.addAll(hashable(items, "ADDITEMS"));
                }
                case 's' -> {
                    Object value = pop();
                    Object key = pop();
                    hashable(List.of(key == null ? "" : key), "SETITEM");
                    dictTop("SETITEM").put(key, value);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    if (items.size() % 2 != 0) {
                        throw refuse("SETITEMS with an odd number of items");
                    }
                    Map<Object, Object> dict = dictTop("SETITEMS");
                    for (int i = 0; i < items.size(); i += 2) {
                        hashable(java.util.Collections.singletonList(items.get(i)), "SETITEMS");
                        dict.put(items.get(i), items.get(i + 1));
                    }
                }
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(Integer.toUnsignedLong(need(4).getInt())));
                case 'q' -> memoPut(u8());
                case 'r' -> memoPut(Integer.toUnsignedLong(need(4).getInt()));
                case 0x94 -> memoPut(memo.size()); // MEMOIZE
                case 'c' -> push(global(line(), line()));
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw refuse("STACK_GLOBAL of a " + kind(module) + " and a " + kind(name) + ", not two strings");
                    }
                    push(global(m, n));
                }
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    push(call(callable, args, "REDUCE"));
                }
                case 0x81 -> { // NEWOBJ
                    Object args = pop();
                    Object cls = pop();
                    push(call(cls, args, "NEWOBJ"));
                }
                case 'b' -> { // BUILD
                    pop(); // the state: set on nothing, it is dropped
                    Object target = top();
                    if (!(target instanceof Placeholder || target instanceof TensorRef || target instanceof Map<?, ?>)) {
                        throw refuse("BUILD of a " + kind(target) + " (torch builds only tensors, parameters and dicts)");
                    }
                }
                case 'Q' -> push(persistent(pop()));
                default -> throw refuse("opcode " + name(op) + " (0x" + Integer.toHexString(op) + "), which torch's weights-only loader"
                        + " does not accept");
            }
        }
    }

    private Object global(String module, String name) throws Refusal {
        String full = module + "." + name;
        String top = module.contains(".") ? module.substring(0, module.indexOf('.')) : module;
        boolean deniedModule = DENIED_MODULES.contains(module) || DENIED_MODULES.contains(top)
                || DENIED_MODULES.stream().anyMatch(d -> module.startsWith(d + "."));
        if (deniedModule || DENIED_NAMES.contains(name)) {
            throw refuse("GLOBAL " + full + ": a callable that can run code or reach the system; nothing of it was imported or called");
        }
        if (STORAGES.containsKey(full)) {
            return new StorageType(full, STORAGES.get(full));
        }
        if (module.equals("torch") && DTYPES.contains(name)) {
            return new TorchDType(full);
        }
        if (FUNCTIONS.contains(full)) {
            return new Global(full);
        }
        placeholders.add(full);
        return new Placeholder(full);
    }

    private Object call(Object callable, Object args, String op) throws Refusal {
        if (callable instanceof Placeholder p) {
            return p; // never called: the result is as inert as the callable
        }
        if (!(callable instanceof Global g)) {
            throw refuse(op + " on a " + kind(callable) + ", which is not callable");
        }
        if (!(args instanceof Tuple t)) {
            throw refuse(op + " of " + g.name() + " with a " + kind(args) + " for its arguments");
        }
        return switch (g.name()) {
            case "collections.OrderedDict" -> orderedDict(t);
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> tensor(g.name(), t);
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state", "torch.nn.parameter.Parameter" -> {
                if (t.size() == 0 || !(t.get(0) instanceof TensorRef)) {
                    throw refuse(op + " of " + g.name() + " without a tensor");
                }
                yield t.get(0);
            }
            case "torch._tensor._rebuild_from_type_v2" -> {
                if (t.size() < 3 || !(t.get(2) instanceof Tuple inner)) {
                    throw refuse(op + " of " + g.name() + " with arguments " + show(t));
                }
                yield call(t.get(0), inner, op);
            }
            case "torch.Size" -> {
                if (t.size() != 1 || !(t.get(0) instanceof Tuple dims)) {
                    throw refuse(op + " of torch.Size with arguments " + show(t));
                }
                yield dims;
            }
            case "torch.serialization._get_layout", "torch.device" -> t.size() == 0 ? "" : String.valueOf(t.get(0));
            default -> throw refuse(op + " of " + g.name() + ": torch allows it, but a sparse, meta or subclass tensor is not a"
                    + " checkpoint this reader resizes");
        };
    }

    private Map<Object, Object> orderedDict(Tuple t) throws Refusal {
        Map<Object, Object> dict = new LinkedHashMap<>();
        if (t.size() == 1 && t.get(0) instanceof List<?> pairs) {
            for (Object pair : pairs) {
                if (!(pair instanceof Tuple kv) || kv.size() != 2) {
                    throw refuse("OrderedDict of a list that is not of pairs");
                }
                dict.put(kv.get(0), kv.get(1));
            }
        } else if (t.size() != 0) {
            throw refuse("OrderedDict with arguments " + show(t));
        }
        return dict;
    }

    private TensorRef tensor(String function, Tuple t) throws Refusal {
        if (t.size() < 4 || !(t.get(0) instanceof StorageRef storage) || !(t.get(1) instanceof Long offset)
                || !(t.get(2) instanceof Tuple size) || !(t.get(3) instanceof Tuple stride)) {
            throw refuse("REDUCE of " + function + " with arguments that are not (storage, offset, size, stride, ...)");
        }
        long[] shape = longs(size, "size");
        long[] strides = longs(stride, "stride");
        if (shape.length != strides.length) {
            throw refuse(function + " with size " + show(size) + " and stride " + show(stride) + " of different lengths");
        }
        long count = 1;
        long reach = 0;
        try {
            for (int i = 0; i < shape.length; i++) {
                count = Math.multiplyExact(count, shape[i]);
                if (shape[i] > 0) {
                    reach = Math.addExact(reach, Math.multiplyExact(shape[i] - 1, strides[i]));
                }
            }
        } catch (ArithmeticException e) {
            throw refuse(function + " with size " + show(size) + ": too large to address");
        }
        if (offset < 0 || count > 0 && offset + reach + 1 > storage.numel()) {
            throw refuse(function + " of size " + show(size) + ", stride " + show(stride) + " at offset " + offset
                    + " reaches past the " + storage.numel() + " elements of storage " + storage.key());
        }
        return new TensorRef(storage, offset, shape, strides);
    }

    private long[] longs(Tuple tuple, String what) throws Refusal {
        long[] values = new long[tuple.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(tuple.get(i) instanceof Long v) || v < 0) {
                throw refuse("a tensor " + what + " " + show(tuple) + " that is not of non-negative integers");
            }
            values[i] = v;
        }
        return values;
    }

    private StorageRef persistent(Object pid) throws Refusal {
        if (!(pid instanceof Tuple t) || t.size() != 5) {
            throw refuse("BINPERSID of " + show(pid) + ": only ('storage', type, key, location, numel) is loaded");
        }
        Object tag = t.get(0) instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : t.get(0);
        if (!"storage".equals(tag)) {
            throw refuse("BINPERSID of a '" + tag + "': only storages are loaded");
        }
        if (!(t.get(1) instanceof StorageType type) || !(t.get(2) instanceof String key) || !(t.get(4) instanceof Long numel)
                || numel < 0) {
            throw refuse("BINPERSID of " + show(t) + ": not (storage, a storage class, key, location, element count)");
        }
        if (!key.matches("[0-9A-Za-z_]{1,64}")) {
            throw refuse("BINPERSID of a storage key '" + key + "' that is not a plain name");
        }
        StorageRef ref = new StorageRef(key, type.dtype(), numel);
        StorageRef earlier = storages.putIfAbsent(key, ref);
        if (earlier != null && !earlier.equals(ref)) {
            throw refuse("storage " + key + " declared as " + earlier.dtype() + " x " + earlier.numel() + " and as " + ref.dtype() + " x "
                    + ref.numel());
        }
        return earlier != null ? earlier : ref;
    }

    // --- the stack

    private void push(Object value) throws Refusal {
        if (++values > MAX_VALUES) {
            throw refuse("more than " + MAX_VALUES + " values (a checkpoint's pickle holds far fewer)");
        }
        stack.add(value);
    }

    private Object pop() throws Refusal {
        if (stack.isEmpty()) {
            throw refuse("an opcode that pops an empty stack");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object top() throws Refusal {
        if (stack.isEmpty()) {
            throw refuse("an opcode that reads an empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws Refusal {
        if (marks.isEmpty()) {
            throw refuse("an opcode that needs a MARK where there is none");
        }
        List<Object> items = stack;
        stack = marks.remove(marks.size() - 1);
        return items;
    }

    private Tuple tuple(int n) throws Refusal {
        if (stack.size() < n) {
            throw refuse("TUPLE" + n + " with " + stack.size() + " items on the stack");
        }
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return new Tuple(java.util.Collections.unmodifiableList(items));
    }

    /** Refuses keys Python could not hash (lists, dicts, sets, or tuples holding them), and tuples nested too deep. */
    private List<Object> hashable(List<Object> keys, String op) throws Refusal {
        for (Object key : keys) {
            hashable(key, op, 0);
        }
        return keys;
    }

    private void hashable(Object key, String op, int depth) throws Refusal {
        if (depth > MAX_KEY_DEPTH) {
            throw refuse(op + " with a key nested deeper than " + MAX_KEY_DEPTH);
        }
        if (key instanceof Tuple t) {
            for (Object item : t.items()) {
                hashable(item, op, depth + 1);
            }
        } else if (key instanceof List<?> || key instanceof Map<?, ?> || key instanceof Set<?> || key instanceof byte[]) {
            throw refuse(op + " with an unhashable " + kind(key) + " for a key");
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> listTop(String op) throws Refusal {
        if (!(top() instanceof List<?>)) {
            throw refuse(op + " to a " + kind(top()) + ", not a list");
        }
        return (List<Object>) top();
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dictTop(String op) throws Refusal {
        if (top() instanceof Placeholder) {
            return new HashMap<>(); // items set on an inert object go nowhere
        }
        if (!(top() instanceof Map<?, ?>)) {
            throw refuse(op + " on a " + kind(top()) + ", not a dict");
        }
        return (Map<Object, Object>) top();
    }

    private Object memoGet(long index) throws Refusal {
        if (!memo.containsKey(index)) {
            throw refuse("a memo lookup of " + index + ", which was never stored");
        }
        return memo.get(index);
    }

    private void memoPut(long index) throws Refusal {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw refuse("a memo of more than " + MAX_MEMO + " entries");
        }
        memo.put(index, top());
    }

    // --- the bytes

    private ByteBuffer need(int n) throws Refusal {
        return slice(take(n), n);
    }

    private ByteBuffer slice(int at, int n) {
        return in.slice(at, n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Advances past {@code n} bytes and returns where they start; refused when the pickle has fewer. */
    private int take(long n) throws Refusal {
        if (n < 0 || n > in.remaining()) {
            throw refuse("an argument of " + n + " bytes where the pickle has " + in.remaining() + " left (truncated or corrupt)");
        }
        int at = in.position();
        in.position(at + (int) n);
        return at;
    }

    private int u8() throws Refusal {
        return in.get(take(1)) & 0xff;
    }

    private Object longOf(int n) throws Refusal {
        int at = take(n);
        byte[] le = new byte[n];
        in.get(at, le);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger value = new BigInteger(be);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private String utf8(long n) throws Refusal {
        int at = take(n);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(in.slice(at, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw refuse("a string that is not UTF-8");
        }
    }

    private byte[] bytes(long n) throws Refusal {
        int at = take(n);
        byte[] b = new byte[(int) n];
        in.get(at, b);
        return b;
    }

    private String line() throws Refusal {
        int start = in.position();
        for (int i = start; i < in.limit() && i - start <= 1024; i++) {
            if (in.get(i) == '\n') {
                byte[] b = new byte[i - start];
                in.get(start, b);
                in.position(i + 1);
                return new String(b, StandardCharsets.UTF_8);
            }
        }
        throw refuse("a GLOBAL name without its end of line within 1024 bytes");
    }

    private Refusal refuse(String what) {
        return new Refusal(what + " at byte " + opAt + " of data.pkl");
    }

    /** A short, bounded rendering of a value for a message: never walks far into (possibly cyclic) containers. */
    static String show(Object value) {
        StringBuilder sb = new StringBuilder();
        show(value, sb, 0);
        return sb.length() > 200 ? sb.substring(0, 200) + "..." : sb.toString();
    }

    private static void show(Object value, StringBuilder sb, int depth) {
        if (sb.length() > 200) {
            return;
        }
        if (value instanceof Tuple t) {
            if (depth > 3) {
                sb.append("(...)");
                return;
            }
            sb.append('(');
            for (int i = 0; i < t.size() && sb.length() <= 200; i++) {
                show(t.get(i), sb, depth + 1);
                sb.append(i + 1 < t.size() ? ", " : "");
            }
            sb.append(')');
        } else if (value instanceof String str) {
            sb.append('\'').append(str.length() > 60 ? str.substring(0, 60) + "..." : str).append('\'');
        } else if (value == null || value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else {
            sb.append(kind(value));
        }
    }

    static String kind(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Placeholder p) {
            return p.toString();
        }
        if (value instanceof Global g) {
            return g.name();
        }
        return value.getClass().getSimpleName();
    }

    private static String name(int op) {
        return switch (op) {
            case 'I' -> "INT";
            case 'L' -> "LONG";
            case 'F' -> "FLOAT";
            case 'S' -> "STRING";
            case 'T' -> "BINSTRING";
            case 'V' -> "UNICODE";
            case 'g' -> "GET";
            case 'p' -> "PUT";
            case 'P' -> "PERSID";
            case 'i' -> "INST";
            case 'o' -> "OBJ";
            case 'd' -> "DICT";
            case 'l' -> "LIST";
            case '0' -> "POP";
            case '1' -> "POP_MARK";
            case '2' -> "DUP";
            case 0x82 -> "EXT1";
            case 0x83 -> "EXT2";
            case 0x84 -> "EXT4";
            case 0x8e -> "BINBYTES8";
            case 0x92 -> "NEWOBJ_EX";
            case 0x96 -> "BYTEARRAY8";
            case 0x97 -> "NEXT_BUFFER";
            case 0x98 -> "READONLY_BUFFER";
            default -> "unknown";
        };
    }
}
