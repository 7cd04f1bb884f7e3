// GoogleTest entry for SystemC tests: libsystemc owns main() and calls sc_main. ctest runs each
// test case in its own process (a process can elaborate only one module hierarchy).
#include <gtest/gtest.h>
#include <systemc>

int sc_main(int argc, char* argv[]) {
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
