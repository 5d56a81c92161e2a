package news.solr;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * One SolrCloud node in this JVM: Jetty serving Solr at http://127.0.0.1:PORT/solr, registered in
 * the ZooKeeper given. solr/cluster.py starts one process per node so that a test can kill one.
 *
 * <p>Usage: {@code SolrNode HOME PORT ZKHOST}. The home folder keeps the node's cores between
 * restarts (a restarted node finds its replicas and catches up); SIGTERM stops Jetty cleanly.
 */
public final class SolrNode {
  private SolrNode() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: SolrNode HOME PORT ZKHOST");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    String zkHost = args[2];

    Files.createDirectories(home);
    Path solrXml = home.resolve("solr.xml");
    if (!Files.exists(solrXml)) {
      try (InputStream in = SolrNode.class.getResourceAsStream("/solr.xml")) {
        Files.copy(in, solrXml);
      }
    }
    // solr.xml reads these (the node's name in ZooKeeper is host:port_solr).
    System.setProperty("zkHost", zkHost);
    System.setProperty("host", "127.0.0.1");
    System.setProperty("hostPort", Integer.toString(port));
    System.setProperty("jetty.port", Integer.toString(port));

    JettyConfig config = JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(true).build();
    JettySolrRunner jetty = new JettySolrRunner(home.toString(), new Properties(), config);
    jetty.start();
    System.out.println("solr node up: " + jetty.getBaseUrl() + " as " + jetty.getNodeName());
    Thread.currentThread().join();
  }
}
