// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Maven and Gradle property references are literal text here
import { describe, expect, it } from 'vitest';
import { exists, version } from './test-project.js';

const dep = (g: string, a: string, v?: string) =>
  `    <dependency>\n      <groupId>${g}</groupId>\n      <artifactId>${a}</artifactId>\n${v ? `      <version>${v}</version>\n` : ''}    </dependency>\n`;

const parentPom = `<?xml version="1.0"?>
<project>
  <groupId>com.acme</groupId>
  <artifactId>parent</artifactId>
  <version>1.0.0</version>
  <properties>
    <jackson.version>2.16.1</jackson.version>
    <guava.version>33.0.0-jre</guava.version>
  </properties>
  <dependencyManagement>
    <dependencies>
${dep('com.google.guava', 'guava', '${guava.version}')}${dep('org.slf4j', 'slf4j-api', '[2.0,3.0)')}    </dependencies>
  </dependencyManagement>
</project>
`;

const childPom = `<?xml version="1.0"?>
<project>
  <parent>
    <groupId>com.acme</groupId>
    <artifactId>parent</artifactId>
    <version>1.0.0</version>
  </parent>
  <artifactId>child</artifactId>
  <properties>
    <log4j.version>2.17.1</log4j.version>
  </properties>
  <dependencies>
${dep('org.apache.logging.log4j', 'log4j-core', '${log4j.version}')}${dep('com.fasterxml.jackson.core', 'jackson-databind', '${jackson.version}')}${dep('com.google.guava', 'guava')}${dep('org.slf4j', 'slf4j-api')}${dep('junit', 'junit', '4.13.2')}${dep('x', 'undefined-prop', '${nope.version}')}  </dependencies>
</project>
`;

describe('pom.xml', () => {
  const files = { 'pom.xml': parentPom, 'child/pom.xml': childPom };

  it('finds dependencies by group:artifact or by artifactId', async () => {
    const r = await exists(files, 'child/pom.xml', 'org.apache.logging.log4j:log4j-core');
    expect(r.result).toBe('pass');
    expect(r.details).toBe('child/pom.xml:13 declares org.apache.logging.log4j:log4j-core in dependencies');
    expect(r.evidence).toEqual({ file: 'child/pom.xml', line: 13, end_line: 17 });
    expect((await exists(files, 'child/pom.xml', 'log4j-core')).result).toBe('pass');
    expect((await exists(files, 'child/pom.xml', 'org.apache.logging.log4j:log4j-api')).result).toBe('fail');
    expect((await exists(files, 'child/pom.xml', 'log4j')).result).toBe('fail');
  });

  it('resolves ${prop} from the pom and from a parent inside the root', async () => {
    const own = await version(files, 'child/pom.xml', 'log4j-core', '[2.17.1,)');
    expect(own.result).toBe('pass');
    expect(own.details).toContain('declares org.apache.logging.log4j:log4j-core 2.17.1');
    expect((await version(files, 'child/pom.xml', 'log4j-core', '>=2.17.0')).result).toBe('pass');
    expect((await version(files, 'child/pom.xml', 'log4j-core', '>=2.17.2')).result).toBe('fail');
    expect((await version(files, 'child/pom.xml', 'jackson-databind', '>=2.16.0')).result).toBe('pass');
  });

  it('takes a version-less dependency from the parent dependencyManagement; qualifiers order as Maven', async () => {
    const guava = await version(files, 'child/pom.xml', 'com.google.guava:guava', '>=32.0.0');
    expect(guava.result).toBe('pass');
    expect(guava.details).toContain('33.0.0-jre');
    const slf4j = await version(files, 'child/pom.xml', 'slf4j-api', '[2.0.9,)');
    expect(slf4j.result).toBe('fail'); // the managed range admits 2.0
    expect((await version(files, 'child/pom.xml', 'slf4j-api', '[2.0,3.0)')).result).toBe('pass');
  });

  it('fails an undefined property', async () => {
    const r = await version(files, 'child/pom.xml', 'undefined-prop', '>=1');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('property ${nope.version} is not defined');
  });

  it('a version managed only by a parent outside the root fails naming it', async () => {
    const boot = `<project>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.1</version>
    <relativePath/>
  </parent>
  <artifactId>svc</artifactId>
  <dependencies>
${dep('org.springframework.boot', 'spring-boot-starter-web')}${dep('org.yaml', 'snakeyaml', '${snakeyaml.version}')}  </dependencies>
</project>
`;
    const r = await version({ 'pom.xml': boot }, 'pom.xml', 'spring-boot-starter-web', '>=3.2.0');
    expect(r.result).toBe('fail');
    expect(r.details).toContain(
      'managed outside the project, by parent org.springframework.boot:spring-boot-starter-parent:3.2.1',
    );
    const prop = await version({ 'pom.xml': boot }, 'pom.xml', 'snakeyaml', '>=2.0');
    expect(prop.details).toContain('may come from parent org.springframework.boot:spring-boot-starter-parent:3.2.1');
    // The default relativePath ../pom.xml escapes the root for a pom at the root.
    const escaping = await version(
      { 'pom.xml': boot.replace('    <relativePath/>\n', '') },
      'pom.xml',
      'spring-boot-starter-web',
      '>=3',
    );
    expect(escaping.details).toContain('(outside the project root)');
    // A pom at ../pom.xml with other coordinates is not the parent.
    const wrong = await version(
      { 'pom.xml': parentPom, 'svc/pom.xml': boot.replace('    <relativePath/>\n', '') },
      'svc/pom.xml',
      'spring-boot-starter-web',
      '>=3',
    );
    expect(wrong.details).toContain('not the pom at pom.xml');
  });

  it('reads dependencyManagement and profiles as declarations', async () => {
    expect((await exists(files, 'pom.xml', 'guava')).details).toContain('in dependencyManagement');
    const withProfile = `<project><artifactId>p</artifactId><profiles><profile><id>x</id><dependencies>${dep('a', 'b', '1.0')}</dependencies></profile></profiles></project>`;
    expect((await version({ 'pom.xml': withProfile }, 'pom.xml', 'a:b', '[1.0]')).result).toBe('pass');
  });

  it('a malformed pom is an error naming the line', async () => {
    const r = await exists({ 'pom.xml': '<project>\n  <dependencies>\n</project>\n' }, 'pom.xml', 'x');
    expect(r.result).toBe('error');
    expect(r.details).toMatch(/^pom\.xml could not be parsed: line 3/);
  });
});

describe('build.gradle / build.gradle.kts', () => {
  const groovy = `plugins { id 'java' }
def jacksonVersion = '2.16.1'
ext {
  nettyVersion = "4.1.100.Final"
}
repositories { maven { url 'https://repo.example.com/a:b:c' } }
dependencies {
    implementation 'org.apache.logging.log4j:log4j-core:2.17.1'
    implementation "com.fasterxml.jackson.core:jackson-databind:$jacksonVersion"
    implementation "io.netty:netty-handler:\${nettyVersion}"
    testImplementation group: 'junit', name: 'junit', version: '4.13.2'
    implementation platform('org.springframework.boot:spring-boot-dependencies:3.2.1')
    runtimeOnly('org.postgresql:postgresql:42.+')
    implementation 'com.google.guava:guava' // version from the platform
    implementation("org.yaml:snakeyaml") { version { strictly '2.2' } }
    api "x:from-props:\${fromProps}"
    api "x:undefined:\${nope}"
    // implementation 'commented:out:1.0'
    implementation project(':core')
    constraints {
        implementation('commons-io:commons-io:2.15.1')
    }
}
`;
  const files = { 'build.gradle': groovy, 'gradle.properties': 'fromProps=3.1\n' };

  it('reads string, map, wrapped and constraint notations inside dependencies blocks only', async () => {
    const lines: Record<string, number> = {
      'org.apache.logging.log4j:log4j-core': 8,
      'jackson-databind': 9,
      'netty-handler': 10,
      'junit:junit': 11,
      'spring-boot-dependencies': 12,
      postgresql: 13,
      guava: 14,
      snakeyaml: 15,
      'commons-io': 21,
    };
    for (const [name, line] of Object.entries(lines)) {
      const r = await exists(files, 'build.gradle', name);
      expect(r.result, name).toBe('pass');
      expect(r.evidence?.line, name).toBe(line);
    }
    expect((await exists(files, 'build.gradle', 'commented:out')).result).toBe('fail');
    expect((await exists(files, 'build.gradle', 'a:b')).result).toBe('fail');
    expect((await exists(files, 'build.gradle', 'core')).result).toBe('fail');
  });

  it('resolves variables from the script and gradle.properties', async () => {
    expect((await version(files, 'build.gradle', 'log4j-core', '>=2.17.1')).result).toBe('pass');
    expect((await version(files, 'build.gradle', 'jackson-databind', '>=2.16.0')).result).toBe('pass');
    const netty = await version(files, 'build.gradle', 'netty-handler', '>=4.1.100');
    expect(netty.result).toBe('pass');
    expect(netty.details).toContain('4.1.100.Final');
    expect((await version(files, 'build.gradle', 'from-props', '>=3.1')).result).toBe('pass');
    const undefinedVar = await version(files, 'build.gradle', 'x:undefined', '>=1');
    expect(undefinedVar.details).toContain('version variable nope is not defined');
    expect((await version(files, 'build.gradle', 'junit', '[4.13.2,)')).result).toBe('pass');
    expect((await version(files, 'build.gradle', 'snakeyaml', '>=2.0')).result).toBe('pass');
    expect((await version(files, 'build.gradle', 'commons-io', '>=2.15.0')).result).toBe('pass');
  });

  it('dynamic and missing versions', async () => {
    expect((await version(files, 'build.gradle', 'postgresql', '>=42.0')).result).toBe('pass');
    expect((await version(files, 'build.gradle', 'postgresql', '>=42.7.2')).result).toBe('fail');
    const guava = await version(files, 'build.gradle', 'guava', '>=32');
    expect(guava.details).toContain('with no version');
  });

  it('Kotlin DSL', async () => {
    const kts = `val ktorVersion = "2.3.7"
dependencies {
    implementation("io.ktor:ktor-server-core:$ktorVersion")
    implementation(group = "org.jetbrains", name = "annotations", version = "24.1.0")
    testImplementation(kotlin("test"))
    implementation(libs.some.alias)
}
`;
    const f = { 'app/build.gradle.kts': kts };
    expect((await version(f, 'app/build.gradle.kts', 'ktor-server-core', '>=2.3.7')).result).toBe('pass');
    expect((await version(f, 'app/build.gradle.kts', 'org.jetbrains:annotations', '>=24')).result).toBe('pass');
    expect((await exists(f, 'app/build.gradle.kts', 'test')).result).toBe('fail');
  });

  it('resolves version catalog accessors from gradle/libs.versions.toml', async () => {
    const catalog = `[versions]
jackson = "2.16.1"
guava = { strictly = "33.0.0-jre" }

[libraries]
jackson-databind = { module = "com.fasterxml.jackson.core:jackson-databind", version.ref = "jackson" }
guava = { group = "com.google.guava", name = "guava", version.ref = "guava" }
log4j_core = "org.apache.logging.log4j:log4j-core:2.17.1"
broken = { module = "x:broken", version.ref = "missing" }
`;
    const kts =
      'dependencies {\n    implementation(libs.jackson.databind)\n    implementation(libs.guava)\n    implementation(libs.log4j.core)\n    implementation(libs.broken)\n    implementation(libs.unknown)\n}\n';
    const f = { 'gradle/libs.versions.toml': catalog, 'app/build.gradle.kts': kts };
    const jackson = await version(f, 'app/build.gradle.kts', 'com.fasterxml.jackson.core:jackson-databind', '>=2.16.0');
    expect(jackson.result).toBe('pass');
    expect(jackson.details).toContain('via gradle/libs.versions.toml:6');
    expect(jackson.evidence?.line).toBe(2);
    expect((await version(f, 'app/build.gradle.kts', 'guava', '>=33.0')).result).toBe('pass');
    expect((await version(f, 'app/build.gradle.kts', 'log4j-core', '>=2.17.1')).result).toBe('pass');
    expect((await version(f, 'app/build.gradle.kts', 'x:broken', '>=1')).details).toContain(
      'version.ref missing is not defined',
    );
    expect((await exists(f, 'app/build.gradle.kts', 'unknown')).result).toBe('fail');
    const noCatalog = await exists({ 'build.gradle': kts }, 'build.gradle', 'jackson-databind');
    expect(noCatalog.result).toBe('fail');
  });
});
