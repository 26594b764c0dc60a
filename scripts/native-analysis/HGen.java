import java.lang.annotation.Annotation;
import java.lang.reflect.*;
import java.util.*;
import java.util.jar.*;
import org.graalvm.nativeimage.c.CContext;
import org.graalvm.nativeimage.c.struct.*;
import org.graalvm.nativeimage.c.constant.*;

/** Lists the C elements (structs/fields/constants) that svm classes query for a given CContext directives class. */
public class HGen {
  public static void main(String[] a) throws Exception {
    String jar = a[0]; Set<String> want = new HashSet<>(Arrays.asList(a).subList(1, a.length));
    try (JarFile jf = new JarFile(jar)) {
      for (JarEntry e : Collections.list(jf.entries())) {
        try {
        String n = e.getName(); if (!n.endsWith(".class") || n.contains("module-info")) continue;
        String cn = n.substring(0, n.length() - 6).replace('/', '.');
        Class<?> c; try { c = Class.forName(cn, false, HGen.class.getClassLoader()); } catch (Throwable t) { continue; }
        CContext ctx = null; for (Class<?> k = c; k != null && ctx == null; k = k.getEnclosingClass()) { try { ctx = k.getAnnotation(CContext.class);} catch (Throwable t) {break;} }
        if (ctx == null || !want.contains(ctx.value().getName())) continue;
        try {
          CStruct cs = c.getAnnotation(CStruct.class);
          if (cs != null) {
            String sn = cs.value().isEmpty() ? c.getSimpleName() : cs.value();
            System.out.println("STRUCT " + sn + " addStructKeyword=" + cs.addStructKeyword() + " class=" + cn);
            for (Method m : c.getDeclaredMethods()) { CField f = m.getAnnotation(CField.class); if (f != null && m.getParameterCount()==0) System.out.println("  FIELD " + (f.value().isEmpty()? m.getName(): f.value()) + " " + m.getReturnType().getName()); }
          }
          for (Method m : c.getDeclaredMethods()) { CConstant k = m.getAnnotation(CConstant.class); if (k != null) System.out.println("CONST " + (k.value().isEmpty()? m.getName(): k.value()) + " " + m.getReturnType().getName() + " class=" + cn); }
          if (c.isEnum()) for (Method m : c.getDeclaredMethods()) { if (m.getAnnotation(org.graalvm.nativeimage.c.constant.CEnumValue.class)!=null) System.out.println("ENUM " + cn); }
        } catch (Throwable t) { System.out.println("ERR " + cn + " " + t); }
        } catch (Throwable t) { }
      }
    }
  }
}
