// Runs HeidelTime standalone over many documents in one JVM, for the peer
// comparison in bench/peers/heideltime (see its README).
//
// Input: a file with one document a line, `id TAB yyyy-mm-dd TAB base64(UTF-8 text)`.
// Output on stdout: for each document a line `D TAB id TAB n`, then n lines
// `T TAB begin TAB end TAB type TAB value TAB base64(covered text)`, begin/end being
// UTF-16 offsets into the text exactly as given (HeidelTime sets the document text
// on the CAS unchanged). The annotations are read from the CAS by a ResultFormatter
// of ours, so no TimeML is parsed back and no XML escaping can shift an offset.
//
// Pass 1 writes the annotations (and warms the JIT); passes 2..PASSES are timed:
// `P TAB id TAB wall_ns TAB jvm_cpu_ns TAB treetagger_cpu_ns` a document, summed
// over the timed passes, then `S TAB docs TAB timed_passes TAB checksum`.
// TreeTagger runs as a child process per document (HeidelTime's TreeTaggerWrapper),
// so its CPU time is counted apart from the JVM's.

import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.heideltime.standalone.components.ResultFormatter;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import de.unihd.dbs.uima.types.heideltime.Timex3;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.uima.cas.FSIterator;
import org.apache.uima.jcas.JCas;

public class HeidelTimeRunner {
    /** Lists the Timex3 annotations of a processed CAS as `T` lines. */
    static final class Lines implements ResultFormatter {
        public String format(JCas jcas) {
            StringBuilder sb = new StringBuilder();
            Base64.Encoder b64 = Base64.getEncoder();
            FSIterator<?> it = jcas.getAnnotationIndex(Timex3.type).iterator();
            while (it.hasNext()) {
                Timex3 t = (Timex3) it.next();
                sb.append("T\t").append(t.getBegin()).append('\t').append(t.getEnd()).append('\t')
                    .append(t.getTimexType()).append('\t').append(t.getTimexValue()).append('\t')
                    .append(b64.encodeToString(t.getCoveredText().getBytes(StandardCharsets.UTF_8)))
                    .append('\n');
            }
            return sb.toString();
        }
    }

    /**
     * CPU time of the processes this JVM started (TreeTagger): those already
     * reaped (cutime + cstime of /proc/self/stat, in clock ticks of 10 ms) plus
     * those still alive.
     */
    static long childCpuNanos() throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", field 3 (state) is f[0]; cutime and cstime are fields 16, 17.
        long reaped = (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10_000_000L;
        long alive = ProcessHandle.current().descendants()
            .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
            .sum();
        return reaped + alive;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: HeidelTimeRunner CONFIG.props INPUT.tsv [PASSES]");
            System.exit(2);
        }
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        // HeidelTime logs every step at INFO; keep stderr for warnings.
        Logger.getLogger("").setLevel(Level.WARNING);
        for (var h : Logger.getLogger("").getHandlers()) h.setLevel(Level.WARNING);

        List<String[]> docs = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new java.io.FileInputStream(args[1]), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", 3);
                String text = new String(Base64.getDecoder().decode(f[2]), StandardCharsets.UTF_8);
                docs.add(new String[] {f[0], f[1], text});
            }
        }
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        List<Date> dcts = new ArrayList<>();
        for (String[] d : docs) dcts.add(day.parse(d[1]));

        HeidelTimeStandalone.readConfigFile(args[0]);
        HeidelTimeStandalone ht = new HeidelTimeStandalone(
            Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML, args[0], POSTagger.TREETAGGER, false);
        Lines fmt = new Lines();
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);

        for (int i = 0; i < docs.size(); i++) {
            String res = ht.process(docs.get(i)[2], dcts.get(i), fmt);
            if (res == null) res = ""; // HeidelTime returns null when a stage failed
            long n = res.chars().filter(c -> c == '\n').count();
            out.print("D\t" + docs.get(i)[0] + "\t" + n + "\n" + res);
        }
        out.flush();

        // Timed passes: wall, JVM CPU and TreeTagger CPU per document, summed over passes.
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[][] t = new long[docs.size()][3];
        long sink = 0;
        for (int p = 0; p < passes - 1; p++) {
            for (int i = 0; i < docs.size(); i++) {
                long w0 = System.nanoTime(), c0 = os.getProcessCpuTime(), k0 = childCpuNanos();
                String res = ht.process(docs.get(i)[2], dcts.get(i), fmt);
                sink += res == null ? 0 : res.length();
                t[i][0] += System.nanoTime() - w0;
                t[i][1] += os.getProcessCpuTime() - c0;
                t[i][2] += childCpuNanos() - k0;
            }
        }
        for (int i = 0; i < docs.size(); i++) {
            out.print("P\t" + docs.get(i)[0] + "\t" + t[i][0] + "\t" + t[i][1] + "\t" + t[i][2] + "\n");
        }
        out.print("S\t" + docs.size() + "\t" + (passes - 1) + "\t" + sink + "\n");
        out.flush();
        System.exit(0); // TreeTagger's reader threads would keep the JVM alive
    }
}
