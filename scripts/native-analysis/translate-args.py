#!/usr/bin/env python3
"""Translate Quarkus target/native-sources/native-image.args (native-image *driver* syntax) into
NativeImageGeneratorRunner (*builder*) arguments, since the driver (svm-driver) is not on Maven Central.
Usage: translate-args.py <native-sources dir> <out builder-args file> <out jvm-opts file> [extra builder args...]"""
import sys, os, re, zipfile, uuid
src, out_b, out_j = sys.argv[1], sys.argv[2], sys.argv[3]
extra = sys.argv[4:]
toks = open(os.path.join(src, 'native-image.args')).read().split()
b, j = [], []
jar = name = None
i = 0
def clinit(val, kind):
    return ['-H:ClassInitialization=' + ','.join(c + ':' + kind for c in val.split(',') if c)]
while i < len(toks):
    t = toks[i]
    if t.startswith('-J'): j.append(t[2:])
    elif t.startswith('-H:'): b.append(t)
    # Run-time option defaults baked into the image (the builder parses and validates them like -H: options).
    elif t.startswith('-R:'): b.append(t)
    elif t.startswith('--features='): b.append('-H:Features=' + t.split('=', 1)[1])
    elif t == '--no-fallback': b.append('-H:FallbackThreshold=0')
    elif t == '--link-at-build-time': b.append('-H:LinkAtBuildTime=')
    elif t.startswith('--enable-url-protocols='): b.append('-H:EnableURLProtocols=' + t.split('=', 1)[1])
    elif t.startswith('--enable-monitoring='): b.append('-H:EnableMonitoringFeatures=' + t.split('=', 1)[1])
    elif t.startswith('--initialize-at-run-time='): b += clinit(t.split('=', 1)[1], 'run_time')
    elif t.startswith('--initialize-at-build-time='): b += clinit(t.split('=', 1)[1], 'build_time')
    elif t.startswith('--enable-native-access='): pass  # image-runtime module option; not needed for analysis
    elif t == '--exclude-config': i += 2  # driver-only filter of config files from jars; we pick config files explicitly below
    elif t == '-jar': jar = toks[i + 1]; i += 1
    elif not t.startswith('-'): name = t
    else: print('UNTRANSLATED', t, file=sys.stderr)
    i += 1
cp = [os.path.join(src, jar)] + sorted(os.path.join(src, 'lib', f) for f in os.listdir(os.path.join(src, 'lib')) if f.endswith('.jar'))
kinds = {'reflect-config.json': 'ReflectionConfigurationResources', 'resource-config.json': 'ResourceConfigurationResources',
         'proxy-config.json': 'DynamicProxyConfigurationResources', 'serialization-config.json': 'SerializationConfigurationResources',
         'jni-config.json': 'JNIConfigurationResources', 'reachability-metadata.json': 'ReachabilityMetadataResources'}
excluded = re.compile(r'META-INF/native-image/io\.netty/netty-(codec|handler)/generated/handlers/reflect-config\.json')
for p in cp:
    with zipfile.ZipFile(p) as z:
        for n in z.namelist():
            if not n.startswith('META-INF/native-image/'): continue
            base = n.rsplit('/', 1)[-1]
            if base in kinds and not excluded.search(n): b.append('-H:%s=%s' % (kinds[base], n))
            elif base == 'native-image.properties':
                txt = z.read(n).decode().replace('\\\n', ' ')
                m = re.search(r'^Args\s*=\s*(.*)$', txt, re.M)
                for a in (m.group(1).split() if m else []):
                    if a.startswith('--initialize-at-run-time='): b += clinit(a.split('=', 1)[1], 'run_time')
                    elif a.startswith('--initialize-at-build-time='): b += clinit(a.split('=', 1)[1], 'build_time')
                    # ${.}/x-config.json names a config file beside this one: passed already by the loop above.
                    elif re.match(r'-H:\w+ConfigurationResources=\$\{\.\}/', a): pass
                    else: print('UNTRANSLATED (%s) %s' % (n, a), file=sys.stderr)
main = None
with zipfile.ZipFile(cp[0]) as z:
    for l in z.read('META-INF/MANIFEST.MF').decode().splitlines():
        if l.startswith('Main-Class:'): main = l.split(':', 1)[1].strip()
        if l.startswith('Add-Opens:'): j += ['--add-opens=%s=ALL-UNNAMED' % x for x in l.split(':', 1)[1].split()]
        if l.startswith('Add-Exports:'): j += ['--add-exports=%s=ALL-UNNAMED' % x for x in l.split(':', 1)[1].split()]
b = ['-imagecp', ':'.join(cp), '-H:Name=' + name, '-H:Class=' + main, '-H:ImageBuildID=' + str(uuid.uuid4())] + b + extra
# -H:+UnlockExperimentalVMOptions/-H:-Unlock... pairs: keep all experimental options unlocked
b = [x for x in b if x not in ('-H:+UnlockExperimentalVMOptions', '-H:-UnlockExperimentalVMOptions')]
b.insert(0, '-H:+UnlockExperimentalVMOptions')
open(out_b, 'w').write('\n'.join(b) + '\n')
open(out_j, 'w').write(' '.join(j) + '\n')
print('builder args:', len(b), 'jvm opts:', len(j), 'classpath entries:', len(cp))
