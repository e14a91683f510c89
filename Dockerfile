# Image for k8s/: Flink 2.2 with the HCL job jar and the hcl command line. Build after `./mvnw -DskipTests install`:
#   docker build -t hcl:0.1.0 .
# (No Docker engine runs on the project's build machines, so this file is not built by the tests.)
FROM flink:2.2.0-java17
COPY jobs/target/hcl-jobs-0.1.0-SNAPSHOT-job.jar /opt/flink/usrlib/hcl-job.jar
COPY tools/target/lib/log4j-layout-template-json-*.jar /opt/flink/lib/
COPY flink-conf/log4j-console.properties /opt/flink/conf/log4j-console.properties
COPY tools/target/classes /opt/hcl/tools/target/classes
COPY tools/target/lib /opt/hcl/tools/target/lib
COPY bin/hcl /opt/hcl/bin/hcl
