// Starts the genuine Solr 9 server (Jetty, context /solr) on 127.0.0.1:<port> for one solr home.
// Java 17 runs this single source file directly: java -cp "lib/*" RunSolr.java <home> <port>
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

public class RunSolr {
  public static void main(String[] args) throws Exception {
    String home = args[0];
    int port = Integer.parseInt(args[1]);
    JettyConfig config = JettyConfig.builder().setContext("/solr").setPort(port).stopAtShutdown(true).build();
    JettySolrRunner solr = new JettySolrRunner(home, config);
    // SIGTERM (make stop) runs this hook, so cores close their index writers cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try { solr.stop(); } catch (Exception e) { e.printStackTrace(); }
    }));
    solr.start();
    System.out.println("Solr started on port " + solr.getLocalPort());
    Thread.currentThread().join();
  }
}
