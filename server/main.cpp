// baro: reads the command line and configuration, wires objects, runs. Nothing else.
#include "app/cli.hpp"

#include <exception>
#include <iostream>

int main(int argc, char** argv)
{
    try
    {
        return baro::app::run_cli(argc, argv);
    }
    catch(std::exception const& e)
    {
        // Start-up failures (port in use, malformed embedded file): a message and exit code 2.
        std::cerr << "baro: " << e.what() << "\n";
        return 2;
    }
}
